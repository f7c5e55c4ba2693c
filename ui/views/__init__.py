"""One module per page; views never import each other (shared parts live in ``ui``)."""
