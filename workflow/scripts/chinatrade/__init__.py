"""Analysis logic of the China trade-imbalance workflow.

The Snakemake rules only read their inputs and parameters, call functions from this
package and write outputs; everything that computes something lives here and is
unit-tested under ``tests/``.
"""
