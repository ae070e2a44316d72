e2e
