"""One module per exhibit of the study: computation and figure."""
