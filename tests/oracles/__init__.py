"""Test oracles: independent re-implementations of Kubernetes semantics, each tested on known cases first."""
