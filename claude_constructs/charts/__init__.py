"""The charts that compose the constructs: one instance (``ClaudeInstanceChart``, with
``instance_props`` mapping its configuration onto the constructs' props) and the fleet's ArgoCD
objects (``ArgoCdChart``)."""
