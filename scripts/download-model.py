#!/usr/bin/env python3
"""Download a model folder listed in models/catalog.json from Hugging Face.

Python 3.8+, standard library only. Examples:

  scripts/download-model.py --list
  scripts/download-model.py r1-1.5b-cpu
  scripts/download-model.py r1-1.5b-cpu --dest ~/models/r1 --dry-run

Exit codes: 0 done, 1 the download, the catalog or the final check failed,
2 bad usage (including an unknown name, or a model that must be exported).
The network is only touched by list_remote_files() and download_file(); --list,
--dry-run and every error path return before either is called.
"""

import argparse
import hashlib
import json
import os
import posixpath
import re
import sys
import time
from pathlib import Path
from urllib.parse import quote, urlsplit

REPO_ROOT = Path(os.path.abspath(__file__)).parent.parent  # abspath, not resolve: keep the path the user knows
DEFAULT_CATALOG = REPO_ROOT / "models" / "catalog.json"
DEFAULT_ENDPOINT = "https://huggingface.co"
REQUIRED_FILES = ("genai_config.json", "tokenizer.json", "tokenizer_config.json")
ROLES = ("reasoning", "completion")
PROVIDERS = ("cpu", "cuda")
CHUNK = 1 << 20
ATTEMPTS = 5

EXIT_OK, EXIT_FAILED, EXIT_USAGE = 0, 1, 2


class CatalogError(Exception):
    """The catalog file is missing, not JSON, or breaks the schema in models/README.md."""


class DownloadError(Exception):
    """A listing or download failed, or a file did not match its published size or hash."""


# ---------------------------------------------------------------- catalog

def load_catalog(path):
    try:
        text = Path(path).read_text(encoding="utf-8")
    except OSError as e:
        raise CatalogError(f"cannot read catalog {path}: {e.strerror or e}") from e
    try:
        data = json.loads(text)
    except json.JSONDecodeError as e:
        raise CatalogError(
            f"catalog {path} is not valid JSON (line {e.lineno}, column {e.colno}: {e.msg})") from e
    if not isinstance(data, dict) or not isinstance(data.get("models"), list):
        raise CatalogError(f'catalog {path} must be an object with a "models" array')
    entries = data["models"]
    seen_names, seen_folders = set(), set()
    for index, entry in enumerate(entries):
        where = f"catalog {path}, models[{index}]"
        check_entry(entry, where)
        name, folder = entry["name"].lower(), entry["folder"].lower()
        if name in seen_names:
            raise CatalogError(f'{where}: duplicate name "{entry["name"]}"')
        if folder in seen_folders:
            raise CatalogError(f'{where}: duplicate folder "{entry["folder"]}"')
        seen_names.add(name)
        seen_folders.add(folder)
    return entries


def check_entry(entry, where):
    if not isinstance(entry, dict):
        raise CatalogError(f"{where}: an entry must be an object")
    for key in ("name", "role", "provider", "folder"):
        if not isinstance(entry.get(key), str) or not entry[key].strip():
            raise CatalogError(f'{where}: "{key}" must be a non-empty string')
    if entry["role"] not in ROLES:
        raise CatalogError(f'{where}: "role" must be one of {", ".join(ROLES)}')
    if entry["provider"] not in PROVIDERS:
        raise CatalogError(f'{where}: "provider" must be one of {", ".join(PROVIDERS)}')
    folder = entry["folder"]
    if "/" in folder or "\\" in folder or folder in (".", ".."):
        raise CatalogError(f'{where}: "folder" must be a plain folder name, not a path')
    size = entry.get("sizeMB")
    if isinstance(size, bool) or not isinstance(size, (int, float)) or size <= 0:
        raise CatalogError(f'{where}: "sizeMB" must be a positive number')
    source, export = entry.get("source"), entry.get("export")
    if (source is None) == (export is None):
        raise CatalogError(f'{where}: exactly one of "source" or "export" is required')
    required = ("repo", "subfolder") if source is not None else ("hfModel", "precision")
    block = source if source is not None else export
    if not isinstance(block, dict) or any(not isinstance(block.get(k), str) or not block[k] for k in required):
        kind = "source" if source is not None else "export"
        raise CatalogError(f'{where}: "{kind}" must hold the strings {", ".join(required)}')


def find_entry(entries, name):
    wanted = name.lower()
    return next((e for e in entries if e["name"].lower() == wanted), None)


def describe_source(entry):
    if "source" in entry:
        return f'{entry["source"]["repo"]} : {entry["source"]["subfolder"]}'
    return f'export {entry["export"]["hfModel"]} ({entry["export"]["precision"]})'


def print_list(entries, models_dir):
    print(f"Models in the catalog (sizes approximate; * = folder present under {models_dir}):")
    for e in entries:
        present = "*" if (models_dir / e["folder"]).is_dir() else " "
        print(f'{present} {e["name"]:<16} {e["role"]:<10} {e["provider"]:<4} ~{e["sizeMB"]:>6} MB  '
              f'models/{e["folder"]}')
        print(f'    {describe_source(e)}')


def export_instructions(entry, dest):
    export = entry["export"]
    package = "onnxruntime-genai-cuda" if entry["provider"] == "cuda" else "onnxruntime-genai"
    setting = "completion.model.path" if entry["role"] == "completion" else "model.path"
    return "\n".join([
        f'"{entry["name"]}" is not published as an ONNX download: export it yourself with the',
        "ONNX Runtime GenAI model builder (it fetches the Hugging Face model and needs torch,",
        "transformers and onnx):",
        "",
        f"  pip install {package} torch transformers onnx",
        f'  python -m onnxruntime_genai.models.builder -m {export["hfModel"]} -o {dest} '
        f'-p {export["precision"]} -e {entry["provider"]}',
        "",
        f"then point the setting assistantLsp.{setting} at {dest}.",
    ])


# ---------------------------------------------------------------- urls and plan

def tree_url(endpoint, repo, revision, subfolder):
    return (f"{endpoint}/api/models/{repo}/tree/{quote(revision, safe='')}/"
            f"{quote(subfolder)}?recursive=true")


def file_url(endpoint, repo, revision, path):
    return f"{endpoint}/{repo}/resolve/{quote(revision, safe='')}/{quote(path)}"


def print_plan(entry, dest, endpoint, revision):
    src = entry["source"]
    print(f'Model:        {entry["name"]} ({entry["role"]}, {entry["provider"]}, about {entry["sizeMB"]} MB)')
    print(f'Repository:   {src["repo"]}')
    print(f'Subfolder:    {src["subfolder"]}')
    print(f"Revision:     {revision}")
    print(f"Destination:  {dest}")
    print(f'List files:   {tree_url(endpoint, src["repo"], revision, src["subfolder"])}')
    print(f'Fetch each:   {file_url(endpoint, src["repo"], revision, src["subfolder"])}/<file>')
    print(f'Then check:   {", ".join(REQUIRED_FILES)} and a .onnx file')


# ---------------------------------------------------------------- network

def open_url(url, token, headers=None):
    import urllib.request  # imported here so --list and --dry-run never load the network stack

    class KeepTokenOnHost(urllib.request.HTTPRedirectHandler):
        # Files redirect to a CDN; a bearer token must not travel to another host.
        def redirect_request(self, req, fp, code, msg, hdrs, newurl):
            new = super().redirect_request(req, fp, code, msg, hdrs, newurl)
            if new is not None and urlsplit(newurl).netloc != urlsplit(req.full_url).netloc:
                new.remove_header("Authorization")
            return new

    request = urllib.request.Request(url, headers={"User-Agent": "assistant-lsp-download-model/1"})
    if token:
        request.add_header("Authorization", f"Bearer {token}")
    for key, value in (headers or {}).items():
        request.add_header(key, value)
    return urllib.request.build_opener(KeepTokenOnHost).open(request, timeout=60)


def list_remote_files(endpoint, repo, revision, subfolder, token):
    """Files under the subfolder: [(relative path, size or None, sha256 or None)]."""
    url, prefix, files = tree_url(endpoint, repo, revision, subfolder), subfolder.rstrip("/") + "/", []
    while url:
        try:
            with open_url(url, token) as response:
                items = json.loads(response.read().decode("utf-8"))
                url = next_page(response.headers.get("Link"))
        except Exception as e:  # noqa: BLE001 - any failure here is reported the same way
            raise DownloadError(f"cannot list {url}: {e}") from e
        if not isinstance(items, list):
            raise DownloadError(f"unexpected answer from {url}: not a file list")
        for item in items:
            if item.get("type") != "file" or not str(item.get("path", "")).startswith(prefix):
                continue
            lfs = item.get("lfs") or {}
            files.append((safe_relative(item["path"][len(prefix):]), item.get("size"), lfs.get("oid")))
    if not files:
        raise DownloadError(f"{repo} has no files under {subfolder} at revision {revision}")
    return files


def next_page(link_header):
    match = re.search(r'<([^>]+)>\s*;\s*rel="next"', link_header or "")
    return match.group(1) if match else None


def safe_relative(path):
    normal = posixpath.normpath(path)
    if normal.startswith(("/", "../")) or normal in ("..", ".") or "\\" in normal:
        raise DownloadError(f"refusing a file path that leaves the destination: {path}")
    return normal


def download_file(url, target, size, sha256, token):
    """Downloads into target + '.part', resuming a previous partial file, then renames."""
    part = target.with_name(target.name + ".part")
    target.parent.mkdir(parents=True, exist_ok=True)
    for attempt in range(1, ATTEMPTS + 1):
        have = part.stat().st_size if part.exists() else 0
        if size is None or have > size:  # without a known size a partial file cannot be trusted
            have = 0
        try:
            if size is None or have < size or not part.exists():
                fetch_into(url, part, have, token)
            got = part.stat().st_size
            if size is not None and got < size:  # the connection ended early; the next attempt resumes
                raise DownloadError(f"connection closed after {got} of {size} bytes")
            break
        except Exception as e:  # noqa: BLE001 - retried, then reported
            if attempt == ATTEMPTS:
                raise DownloadError(f"cannot download {url}: {e}") from e
            print(f"  retrying after: {e}", file=sys.stderr)
            time.sleep(attempt - 1)  # a cut connection resumes at once; repeated failures back off
    got = part.stat().st_size
    if size is not None and got != size:
        raise DownloadError(f"{target.name}: got {got} bytes, expected {size}; run again to resume")
    if sha256 and file_sha256(part) != sha256:
        part.unlink()
        raise DownloadError(f"{target.name}: SHA-256 does not match the published one; deleted, run again")
    os.replace(part, target)


def fetch_into(url, part, have, token):
    headers = {"Range": f"bytes={have}-"} if have else {}
    with open_url(url, token, headers) as response:
        resumed = have and response.status == 206
        with open(part, "ab" if resumed else "wb") as out:
            while True:
                chunk = response.read(CHUNK)
                if not chunk:
                    break
                out.write(chunk)


def file_sha256(path):
    digest = hashlib.sha256()
    with open(path, "rb") as f:
        for block in iter(lambda: f.read(CHUNK), b""):
            digest.update(block)
    return digest.hexdigest()


# ---------------------------------------------------------------- final check

def missing_files(dest):
    missing = [name for name in REQUIRED_FILES if not (dest / name).is_file()]
    if not any(p.is_file() for p in dest.glob("*.onnx")):
        missing.append("a .onnx file")
    return missing


def download(entry, dest, endpoint, revision, force, token):
    src = entry["source"]
    files = list_remote_files(endpoint, src["repo"], revision, src["subfolder"], token)
    print(f"{len(files)} files to {dest}")
    for rel, size, sha256 in files:
        target = dest.joinpath(*rel.split("/"))
        if force:
            for stale in (target, target.with_name(target.name + ".part")):
                if stale.exists():
                    stale.unlink()
        elif target.is_file() and size is not None and target.stat().st_size == size:
            print(f"  {rel}: already here")
            continue
        print(f"  {rel}" + (f" ({size / 1e6:.1f} MB)" if size else ""), flush=True)
        download_file(file_url(endpoint, src["repo"], revision, f'{src["subfolder"]}/{rel}'),
                      target, size, sha256, token)


# ---------------------------------------------------------------- command line

def parse_args(argv):
    parser = argparse.ArgumentParser(
        prog="download-model.py",
        description="Download a model folder from models/catalog.json (see models/README.md).",
        epilog="Exit codes: 0 done, 1 download/catalog/check failed, 2 bad usage or export-only model. "
               "HF_TOKEN (optional) is sent to Hugging Face; HF_ENDPOINT selects a mirror.")
    parser.add_argument("name", nargs="?", help="catalog name of the model (see --list)")
    parser.add_argument("--list", action="store_true", help="print the catalog and exit")
    parser.add_argument("--dest", metavar="DIR", help="destination folder (default: models/<folder>)")
    parser.add_argument("--dry-run", action="store_true", help="print the plan; make no network call")
    parser.add_argument("--catalog", metavar="PATH", default=str(DEFAULT_CATALOG),
                        help="catalog file (default: models/catalog.json)")
    parser.add_argument("--force", action="store_true", help="download every file again")
    parser.add_argument("--revision", default="main", help="branch, tag or commit (default: main)")
    args = parser.parse_args(argv)
    if not args.list and not args.name:
        parser.error("a model NAME is required (or --list)")
    return args


def main(argv=None):
    args = parse_args(sys.argv[1:] if argv is None else argv)
    try:
        entries = load_catalog(args.catalog)
    except CatalogError as e:
        print(f"error: {e}", file=sys.stderr)
        return EXIT_FAILED
    models_dir = REPO_ROOT / "models"
    if args.list:
        print_list(entries, models_dir)
        return EXIT_OK

    entry = find_entry(entries, args.name)
    if entry is None:
        names = ", ".join(e["name"] for e in entries)
        print(f'error: unknown model "{args.name}". Valid names: {names}', file=sys.stderr)
        return EXIT_USAGE
    dest = Path(os.path.abspath(os.path.expanduser(args.dest))) if args.dest else models_dir / entry["folder"]
    if "export" in entry:
        print(export_instructions(entry, dest), file=sys.stderr)
        return EXIT_USAGE

    endpoint = os.environ.get("HF_ENDPOINT", DEFAULT_ENDPOINT).rstrip("/")
    print_plan(entry, dest, endpoint, args.revision)
    if args.dry_run:
        print("Dry run: no network call was made.")
        return EXIT_OK

    try:
        download(entry, dest, endpoint, args.revision, args.force, os.environ.get("HF_TOKEN"))
    except (DownloadError, OSError) as e:
        print(f"error: {e}", file=sys.stderr)
        return EXIT_FAILED
    except KeyboardInterrupt:
        print("\ninterrupted: run the same command again to resume", file=sys.stderr)
        return EXIT_FAILED
    missing = missing_files(dest)
    if missing:
        print(f"error: {dest} is not a complete model folder; missing: {', '.join(missing)}", file=sys.stderr)
        return EXIT_FAILED
    setting = "completion.model.path" if entry["role"] == "completion" else "model.path"
    print(f"Done. Use it with --model {dest} or the setting assistantLsp.{setting}.")
    return EXIT_OK


if __name__ == "__main__":
    sys.exit(main())
