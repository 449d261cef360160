"""Execute a notebook with nbclient against the methodic kernel.

usage: nbclient_run.py IN.ipynb OUT.ipynb

Writes the executed notebook and prints, as one JSON line, the output
types and MIME types of each code cell, so that the Go test can check them
against the expectations stored in the cells' metadata.
"""
import json
import sys

import nbclient
import nbformat

src, dst = sys.argv[1], sys.argv[2]
nb = nbformat.read(src, as_version=4)
client = nbclient.NotebookClient(
    nb, kernel_name="methodic", timeout=600, allow_errors=False, record_timing=False
)
client.execute()
nbformat.validate(nb)
nbformat.write(nb, dst)

cells = []
for i, cell in enumerate(nb.cells):
    if cell.cell_type != "code":
        continue
    kinds = set()
    for out in cell.outputs:
        if out.output_type == "stream":
            kinds.add("stream:" + out.name)
        elif out.output_type == "error":
            kinds.add("error")
        else:
            kinds.update(out.get("data", {}).keys())
    cells.append({"index": i, "kinds": sorted(kinds), "expect": cell.metadata.get("methodic", {}).get("expect", [])})
print("RESULT " + json.dumps(cells))
