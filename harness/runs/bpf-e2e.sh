bpf-e2e
