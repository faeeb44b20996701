"""Analyses: datasets for the regressions and the regression runner."""
