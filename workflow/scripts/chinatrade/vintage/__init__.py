"""New vintages of raw files: take one in, fetch the latest official release, see what changed.

A vintage is one version of a raw file of the manifest. The default run reads the pinned
snapshot; a newer vintage is the user's explicit act, through the command line
(``python -m chinatrade.vintage``, see ``__main__``):

- ``store``: where taken-in vintages are kept, ``<vintages>/<id>/<date>-<sha8>/<name>``, the
  first place the fetch looks (standard library only: the Snakefile imports it);
- ``history``: the manifest row of a raw file replaced, the previous entry kept in
  ``config/raw_data_history.csv``;
- ``sources``: which parser the workflow runs on each raw file (the rule's own package
  functions) and the keys of the tables it returns;
- ``check``: a candidate file parsed with that parser, beside the current copies of the other
  files it needs, before anything changes;
- ``intake``: check every candidate, then keep it in the store, then record it;
- ``official``: the addresses of the latest official releases and their download;
- ``compare``: two vintages' tables compared on their keys (new years, revised values);
- ``revisions``: the revision table of every raw file whose vintage replaced another (rule
  ``revisions``);
- ``dryrun``: the jobs a change re-runs, from Snakemake's dry run;
- ``section``: the report's section "What the new data changed".
"""
