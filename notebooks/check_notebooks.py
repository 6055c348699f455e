#!/usr/bin/python3
"""Executes jnas notebooks through the real jnas kernel (nbclient) and checks them.

A notebook fails on any error output, and on a cell tagged `expect:<mime>` (e.g. `expect:image/svg+xml`) that
produced no output of that MIME type. Prints, per notebook, its wall time and the kernel's peak memory.

  /usr/bin/python3 notebooks/check_notebooks.py [--out DIR] [--write-back] [notebook.ipynb ...]
  /usr/bin/python3 notebooks/check_notebooks.py --committed [notebook.ipynb ...]

--out DIR      where executed copies go (default target/notebooks)
--write-back   store the fresh outputs in the notebooks themselves (to refresh the committed outputs); each code
               cell is stamped with the SHA-1 of the source that produced its outputs, and nbclient's per-cell
               timestamps (execution noise that changes on every run) are left out
--committed    no kernel: checks that the committed outputs are current, i.e. every code cell was executed, in
               order, from exactly its present source (its stamp matches), with no error output and no timestamps.
               An edit made in Jupyter and saved without re-running the notebook fails here.
--echo         print each code cell's text as it finishes (printed lines and text results; pictures and tables
               by their one-line description), so a terminal run shows what the notebook found
Environment: JNAS_KERNEL (kernel name, default jnas); JNAS_CI=1 is passed to the kernel, and notebooks read it to
pick cheaper settings, never a separate copy of a notebook.
"""
import argparse
import glob
import hashlib
import os
import sys
import time

import nbformat
from nbclient import NotebookClient
from nbclient.exceptions import CellExecutionError, DeadKernelError

HERE = os.path.dirname(os.path.abspath(__file__))


def peak_rss_mb(pid):
    try:
        with open(f"/proc/{pid}/status") as f:
            for line in f:
                if line.startswith("VmHWM:"):
                    return int(line.split()[1]) / 1024
    except OSError:
        pass
    return 0.0


def echo_cell(cell, max_lines=25):
    """Prints a cell's printed lines and text results, indented; long outputs keep their first lines."""
    lines = []
    for o in cell.get("outputs", []):
        if o.get("output_type") == "stream":
            lines += o.get("text", "").splitlines()
        elif o.get("output_type") in ("execute_result", "display_data"):
            lines += o.get("data", {}).get("text/plain", "").splitlines()
    if len(lines) > max_lines:
        lines = lines[:max_lines] + [f"... {len(lines) - max_lines} more lines"]
    for line in lines:
        print("  | " + line, flush=True)


def source_sha1(cell):
    return hashlib.sha1(cell.source.encode("utf-8")).hexdigest()


def stamp(nb):
    """Marks each code cell with the source that produced its outputs; drops nbclient's timestamps."""
    for cell in nb.cells:
        if cell.cell_type != "code":
            continue
        cell.metadata.pop("execution", None)
        cell.metadata["jnas"] = {"source_sha1": source_sha1(cell)}
    nb.metadata["jnas"] = {"executed_with": "JNAS_CI=1 (CI settings)" if os.environ.get("JNAS_CI") == "1"
                           else "default settings"}


def committed_problems(path):
    """Why a committed notebook's outputs are not current, one line each (empty when they are)."""
    nb = nbformat.read(path, as_version=4)
    problems = []
    last = 0
    for index, cell in enumerate(nb.cells):
        if cell.cell_type != "code":
            continue
        first_line = (cell.source.splitlines() or [""])[0][:60]
        count = cell.get("execution_count")
        if count is None:
            problems.append(f"cell {index} ({first_line!r}) was never executed")
        elif count <= last:
            problems.append(f"cell {index} ({first_line!r}) ran out of order (execution count {count} after {last})")
        else:
            last = count
        if cell.metadata.get("jnas", {}).get("source_sha1") != source_sha1(cell):
            problems.append(f"cell {index} ({first_line!r}): its outputs do not come from its present source")
        if "execution" in cell.metadata:
            problems.append(f"cell {index}: carries execution timestamps (noise on every run)")
        for o in cell.get("outputs", []):
            if o.get("output_type") == "error":
                problems.append(f"cell {index}: committed with an error output {o.get('ename')}")
    return problems


def run(path, out_dir, write_back, kernel, echo=False):
    nb = nbformat.read(path, as_version=4)
    client = NotebookClient(nb, kernel_name=kernel, timeout=1800, startup_timeout=120,
                            resources={"metadata": {"path": os.path.dirname(os.path.abspath(path))}})
    problems = []
    t0 = time.time()
    peak = 0.0
    with client.setup_kernel():
        pid = client.km.provisioner.process.pid if getattr(client.km, "provisioner", None) else None
        for index, cell in enumerate(nb.cells):
            if cell.cell_type != "code":
                continue
            try:
                client.execute_cell(cell, index)
            except CellExecutionError as e:
                problems.append(f"cell {index} raised:\n{str(e)[-2000:]}")
                break
            except DeadKernelError as e:
                # under a memory limit (binder/rehearse) the kernel is killed when it goes over it
                problems.append(f"cell {index}: the kernel died ({e}); peak RSS before it "
                                f"{max(peak, peak_rss_mb(pid) if pid else 0):.0f} MB. Killed for memory?")
                break
            if pid:
                peak = max(peak, peak_rss_mb(pid))
            if echo:
                echo_cell(cell)
    seconds = time.time() - t0
    for index, cell in enumerate(nb.cells):
        if cell.cell_type != "code":
            continue
        for o in cell.get("outputs", []):
            if o.get("output_type") == "error":
                problems.append(f"cell {index}: error output {o.get('ename')}: {o.get('evalue')}")
        mimes = {m for o in cell.get("outputs", []) for m in o.get("data", {})}
        for tag in cell.get("metadata", {}).get("tags", []):
            if tag.startswith("expect:") and tag[len("expect:"):] not in mimes:
                problems.append(f"cell {index}: expected a {tag[len('expect:'):]} output, got {sorted(mimes)}")
    os.makedirs(out_dir, exist_ok=True)
    out = os.path.join(out_dir, os.path.basename(path))
    nbformat.write(nb, out)
    if write_back and not problems:
        stamp(nb)
        nbformat.write(nb, path)
    return seconds, peak, problems, out


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("notebooks", nargs="*")
    ap.add_argument("--out", default=os.path.join(HERE, "..", "target", "notebooks"))
    ap.add_argument("--write-back", action="store_true")
    ap.add_argument("--echo", action="store_true")
    ap.add_argument("--committed", action="store_true")
    args = ap.parse_args()
    paths = args.notebooks or sorted(glob.glob(os.path.join(HERE, "[0-9][0-9]-*.ipynb")))
    if args.committed:
        stale = 0
        for path in paths:
            problems = committed_problems(path)
            stale += bool(problems)
            for p in problems:
                print(f"STALE {os.path.relpath(path)}: {p}", flush=True)
        if stale:
            print(f"{stale} committed notebook(s) carry outputs that are not current. Re-execute them through the"
                  " kernel and store the outputs: ./jnas notebooks --write-back NOTEBOOK.ipynb")
        return 1 if stale else 0
    kernel = os.environ.get("JNAS_KERNEL", "jnas")
    failed = 0
    for path in paths:
        seconds, peak, problems, out = run(path, args.out, args.write_back, kernel, args.echo)
        status = "ok" if not problems else "FAILED"
        print(f"NOTEBOOK {os.path.basename(path)} {status} seconds={seconds:.1f} kernel_peak_rss_mb={peak:.0f}"
              f" executed={os.path.relpath(out)}", flush=True)
        for p in problems:
            print("   " + p.replace("\n", "\n   "), flush=True)
        failed += bool(problems)
    print(f"notebooks: {len(paths) - failed} passed, {failed} failed")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
