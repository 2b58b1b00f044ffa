"""The real components on loopback: binaries built from their Go modules, and harnesses that run them."""
