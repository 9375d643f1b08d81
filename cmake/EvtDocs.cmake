# The `docs` target and the docs-in-sync test (see gen/ and tests/cli/).
