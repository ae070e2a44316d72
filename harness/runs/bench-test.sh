# make test: a short bench that checks what must hold whatever the noise:
# samples from every configuration, exit counts that match the leaves and
# BPF, and the test-only costly configuration seen as slower.
bench -r 3 -g 300000 --check --costly
