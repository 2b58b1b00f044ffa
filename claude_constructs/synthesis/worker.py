"""A synthesis worker process (``render._Worker`` starts it): the kernel first, then Python's imports.

Node.js loads cdk8s while Python imports jsii, the constructs and the configuration types: each
start takes about a third of a second less than the one after the other."""

from claude_constructs.synthesis.node_channel import prestart_kernel, use_direct_kernel

if __name__ == "__main__":
    use_direct_kernel()
    prestart_kernel()
    from claude_constructs.synthesis.render import worker_main

    worker_main()
