"""The demo: the seed scenarios of PRODUCT.md, loaded through the same operations a
deployment uses."""
