"""What the CLI does beyond synthesis: the state of the fleet in a cluster (``status``) and
suspending expired instances in their files (``expiry``)."""
