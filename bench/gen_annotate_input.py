#!/usr/bin/env python3
"""Generate a realistic, reproducible input CSV for benchmarking `aka annotate`.

The output has the header

    row_id,name,country_hint,amount,date,notes

and looks like the files `aka annotate` is meant for (donor lists, shipping
manifests, payment exports): one name column to resolve, plus filler columns
that the annotator has to carry through unchanged.

Where the names come from
-------------------------
The `name` column is drawn from one pool of distinct strings built from:

  (a) the queries of an evaluation file (`--eval`, CSV with header
      `query,expected_id,category`; default ../shared/eval/dev.csv, next to the
      repository). If the file is missing, a note goes to stderr and only (b)
      and (c) are used;
  (b) about 50,000 aliases reservoir-sampled from `<data>/aliases.csv`
      (columns entity_id,alias,lang,kind; read as a stream);
  (c) about 5,000 synthetic negatives: first name + surname combinations from
      small built-in lists, most of which name no known entity.

Exact duplicates are removed and the pool is shuffled with the seed.

Modes
-----
  repeated  (default) Names repeat with a Zipf-like distribution: the name of
            rank r has probability proportional to 1 / r**1.1, as in real files
            where a few names recur often. This exercises the resolver cache.
  distinct  Every row gets a different name as far as the pool allows. The
            pool is cycled through (reshuffled each cycle); from the second
            cycle on, each name gets a light, deterministic perturbation
            (an added middle initial such as "J." or "KT.", sometimes with a
            case change or the first token moved to the end), so the resolver
            cache cannot help.

Filler columns
--------------
  country_hint  ISO 3166 alpha-2 code, empty in about a third of the rows
  amount        decimal with two places: log-normally distributed, with
                some round figures (25.00, 100.00, ...)
  date          ISO 8601 date (YYYY-MM-DD), 2015-01-01 .. 2024-12-31
  notes         short free text, often empty; it sometimes contains a comma, a
                double quote or a newline, so the CSV needs quoting (written by
                the csv module with QUOTE_MINIMAL and "\\n" line endings)

Names themselves can contain commas and quotes too (aliases such as
"Korea, Republic of").

The output is a pure function of the seed, the options and the input files:
the same command writes the same bytes. Rows are written in batches, so memory
use does not grow with --rows.

Usage (from the repository root)
--------------------------------
    python3 bench/gen_annotate_input.py --rows 2000000 -o /tmp/aka-2m.csv
    python3 bench/gen_annotate_input.py --rows 2000000 --mode distinct \\
        -o /tmp/aka-2m-distinct.csv

The benchmark then times

    aka annotate /tmp/aka-2m.csv --column name -o /tmp/aka-2m.out.csv

on the `repeated` file (the cache-friendly, realistic case) and on the
`distinct` file (the worst case, every name resolved from scratch).
Default paths for --data and --eval are relative to the repository root, so
the script can be run from any directory; paths given on the command line are
taken as usual, relative to the current directory.
"""

from __future__ import annotations

import argparse
import csv
import datetime as dt
import itertools
import os
import random
import sys
from pathlib import Path

REPO_ROOT = Path(__file__).resolve().parent.parent
DEFAULT_DATA = REPO_ROOT / "data"
DEFAULT_EVAL = REPO_ROOT.parent / "shared" / "eval" / "dev.csv"

HEADER = ["row_id", "name", "country_hint", "amount", "date", "notes"]
ZIPF_EXPONENT = 1.1
BATCH = 8192

# --- (c) synthetic negatives -------------------------------------------------

FIRST_NAMES = """
James Mary John Patricia Robert Jennifer Michael Linda William Elizabeth David
Barbara Richard Susan Joseph Jessica Thomas Sarah Charles Karen Daniel Nancy
Matthew Lisa Anthony Betty Mark Margaret Paul Sandra Steven Ashley Andrew
Emily Joshua Donna Kevin Michelle Brian Carol George Amanda Timothy Melissa
Pierre Camille Hans Ingrid Giulia Marco Sofia Luca Javier Lucia Carlos Ana
Jose Maria Pedro Ines Joao Beatriz Lars Astrid Sven Freya Jan Katarzyna Piotr
Agnieszka Olga Dmitri Natasha Ivan Yuki Haruto Sakura Kenji Wei Li Ming Mei
Jun Hyun Ji-woo Seo-yeon Arjun Priya Rahul Ananya Vikram Fatima Omar Aisha
Yusuf Leila Kwame Amara Chinedu Ngozi Tariq Noor Mehmet Elif Emre Zeynep
Bogdan Ilinca Tomas Eszter Niamh Declan Siobhan Eoin Kai Lena Finn Mia
""".split()

SURNAMES = """
Smith Johnson Williams Brown Jones Miller Davis Wilson Anderson Taylor Thomas
Moore Martin Jackson Thompson White Harris Clark Lewis Robinson Walker Young
Allen King Wright Scott Green Baker Adams Nelson Hill Campbell Mitchell
Roberts Carter Phillips Evans Turner Parker Collins Edwards Stewart Morris
Dubois Lefevre Moreau Fournier Muller Schmidt Schneider Fischer Weber Becker
Rossi Russo Ferrari Esposito Bianchi Romano Garcia Fernandez Lopez Martinez
Sanchez Perez Gonzalez Rodriguez Silva Santos Oliveira Pereira Costa Johansson
Lindqvist Nielsen Hansen Jensen Kowalski Nowak Wisniewski Novak Horvat Popescu
Ivanova Petrov Smirnov Kuznetsov Tanaka Suzuki Takahashi Watanabe Wang Zhang
Chen Liu Huang Kim Park Choi Nguyen Tran Patel Sharma Gupta Singh Reddy Iyer
Okafor Mensah Mwangi Diallo Haddad Khalil Yilmaz Demir Kaya O'Brien Murphy
Kelly MacLeod Fraser
""".split()

NEGATIVE_TARGET = 5000

# --- filler -------------------------------------------------------------------

# (code, weight); the empty code is the "no hint" case.
COUNTRY_WEIGHTS = [
    ("", 340), ("US", 180), ("GB", 60), ("DE", 45), ("FR", 40), ("CA", 30),
    ("IT", 20), ("ES", 20), ("NL", 15), ("AU", 15), ("CH", 12), ("RU", 12),
    ("CN", 12), ("IN", 12), ("BR", 10), ("MX", 10), ("JP", 10), ("TR", 8),
    ("AE", 8), ("IR", 6), ("SY", 4), ("KP", 2), ("VE", 6), ("CU", 4),
    ("UA", 8), ("PL", 8), ("SE", 6), ("NO", 5), ("DK", 5), ("BE", 6),
    ("AT", 5), ("IE", 5), ("PT", 5), ("GR", 4), ("IL", 5), ("SA", 5),
    ("EG", 4), ("NG", 5), ("ZA", 5), ("KE", 3), ("PK", 4), ("BD", 3),
    ("ID", 4), ("PH", 4), ("VN", 4), ("TH", 3), ("KR", 5), ("HK", 4),
    ("SG", 4), ("AR", 4), ("CO", 4), ("CL", 3), ("PE", 3), ("LB", 2),
    ("IQ", 2), ("AF", 2), ("BY", 2), ("KZ", 2), ("RS", 2), ("RO", 3),
]

NOTE_TEMPLATES = [
    "Ref {n}",
    "Invoice {n}",
    "wire transfer",
    "cash",
    "recurring monthly gift",
    "matched by employer",
    "paid in full",
    "partial payment",
    "refund issued",
    "see attached",
    "PO #{n}",
    "container {c}{n}",
    "via {bank}",
    "{bank} wire, ref {n}",
    "paid, thanks",
    "urgent, please review",
    "address changed, confirm with donor",
    "ship to warehouse {c}, dock {d}",
    "in memory of a friend, no receipt",
    'customer said "urgent"',
    'marked "do not contact"',
    'label reads "fragile, handle with care"',
    "first line\nsecond line",
    "call back\nasked for a receipt",
    "Box {d} of {d2}\nchecked by {initials}",
    "duplicate of row {n}?",
    "name spelled differently on cheque",
    "anonymous",
    "{initials} to follow up",
]
BANKS = ["Barclays", "HSBC", "Chase", "BNP Paribas", "Deutsche Bank", "SWIFT",
         "SEPA", "ACH", "PayPal", "Stripe"]
NOTES_POOL_SIZE = 4096
AMOUNTS_POOL_SIZE = 1 << 16
ROUND_AMOUNTS = ["10.00", "20.00", "25.00", "50.00", "100.00", "250.00",
                 "500.00", "1000.00"]
ROUND_SHARE = 0.2  # share of amounts that are round figures
NOTES_EMPTY_WEIGHT = 0.45  # share of rows with an empty note

DATE_START = dt.date(2015, 1, 1)
DATE_END = dt.date(2024, 12, 31)


def note(msg: str) -> None:
    print(f"gen_annotate_input: {msg}", file=sys.stderr)


def stream_rng(seed: int, purpose: str) -> random.Random:
    """An independent, reproducible random stream for one purpose."""
    # Seeding with a str hashes it with SHA-512: stable across runs and
    # unaffected by PYTHONHASHSEED.
    return random.Random(f"aka-bench:{seed}:{purpose}")


def read_eval_queries(path: Path) -> list[str]:
    if not path.is_file():
        note(f"eval file {path} not found; using sampled aliases and "
             "synthetic negatives only")
        return []
    with path.open(newline="", encoding="utf-8") as f:
        reader = csv.DictReader(f)
        if reader.fieldnames is None or "query" not in reader.fieldnames:
            sys.exit(f"gen_annotate_input: {path}: expected a header with a "
                     f"'query' column, got {reader.fieldnames!r}")
        return [q for row in reader if (q := (row["query"] or "").strip())]


def sample_aliases(path: Path, k: int, rng: random.Random) -> list[str]:
    """Reservoir-sample k aliases (Algorithm R) while streaming the file."""
    if not path.is_file():
        sys.exit(f"gen_annotate_input: {path} not found; pass --data DIR "
                 "pointing at the directory holding aliases.csv")
    reservoir: list[str] = []
    with path.open(newline="", encoding="utf-8") as f:
        reader = csv.reader(f)
        header = next(reader, None)
        if header is None or "alias" not in header:
            sys.exit(f"gen_annotate_input: {path}: expected a header with an "
                     f"'alias' column, got {header!r}")
        col = header.index("alias")
        seen = 0
        for row in reader:
            if len(row) <= col:
                continue
            alias = row[col].strip()
            if not alias:
                continue
            if seen < k:
                reservoir.append(alias)
            else:
                j = rng.randrange(seen + 1)
                if j < k:
                    reservoir[j] = alias
            seen += 1
    return reservoir


def synthetic_negatives(n: int, rng: random.Random) -> list[str]:
    combos = [f"{first} {last}" for first in FIRST_NAMES for last in SURNAMES]
    n = min(n, len(combos))
    return rng.sample(combos, n)


def build_pool(eval_queries: list[str], aliases: list[str],
               negatives: list[str], rng: random.Random) -> list[str]:
    # dict keeps first-seen order (sets of str would depend on hash seeds).
    pool = list(dict.fromkeys(itertools.chain(eval_queries, aliases, negatives)))
    rng.shuffle(pool)
    return pool


def build_notes(rng: random.Random) -> list[str]:
    letters = "ABCDEFGHJKLMNPRSTUVWXYZ"
    out = []
    for _ in range(NOTES_POOL_SIZE):
        tpl = rng.choice(NOTE_TEMPLATES)
        out.append(tpl.format(
            n=rng.randrange(1000, 999999),
            c=rng.choice(letters) + rng.choice(letters),
            d=rng.randrange(1, 40),
            d2=rng.randrange(40, 99),
            bank=rng.choice(BANKS),
            initials=rng.choice(letters) + rng.choice(letters),
        ))
    return out


def build_amounts(rng: random.Random) -> list[str]:
    """Amounts as text: mostly log-normal with cents, some round figures."""
    out = []
    for _ in range(AMOUNTS_POOL_SIZE):
        if rng.random() < ROUND_SHARE:
            out.append(rng.choice(ROUND_AMOUNTS))
        else:
            out.append(f"{rng.lognormvariate(4.0, 1.2):.2f}")
    return out


# --- perturbation for distinct mode ----------------------------------------

_UPPER = "ABCDEFGHIJKLMNOPQRSTUVWXYZ"


def initials(k: int) -> str:
    """k-th initial: A..Z, then AA..ZZ, then AAA.. (bijective base 26)."""
    k += 1
    s = []
    while k:
        k, r = divmod(k - 1, 26)
        s.append(_UPPER[r])
    return "".join(reversed(s))


def split_name(name: str) -> tuple[str, str | None]:
    """(first token, remaining tokens joined by one space), or (name, None)."""
    tokens = name.split()
    if len(tokens) >= 2:
        return tokens[0], " ".join(tokens[1:])
    return name, None


def perturb_cycle(parts: list[tuple[str, str | None]], indices: list[int],
                  cycle: int, keep_case: list[bool]) -> list[str]:
    """Variants of the names parts[i], i in indices, for cycle >= 1.

    Every variant carries initial number cycle-1 as a separate token "X." (or
    "XY." ...), so the variants of one name differ between cycles; the token
    rotation and case change only add variety:

        style 0, 2  "John Smith" -> "John K. Smith",  "Oztas" -> "Oztas K."
        style 1     as 0, upper-cased
        style 3     "John Smith" -> "Smith John K."
        style 4     as 0, lower-cased

    Names flagged in keep_case differ from another pool name only by case and
    are never case-changed, or the two would give the same variant.
    """
    init = initials(cycle - 1) + "."
    style = cycle % 5
    out = []
    append = out.append
    for i in indices:
        first, rest = parts[i]
        if rest is None:
            v = f"{first} {init}"
        elif style == 3:
            v = f"{rest} {first} {init}"
        else:
            v = f"{first} {init} {rest}"
        if style == 1 and not keep_case[i]:
            v = v.upper()
        elif style == 4 and not keep_case[i]:
            v = v.lower()
        append(v)
    return out


# --- row streams ---------------------------------------------------------------

def names_repeated(pool: list[str], rows: int, rng: random.Random):
    weights = (1.0 / (r ** ZIPF_EXPONENT) for r in range(1, len(pool) + 1))
    cum = list(itertools.accumulate(weights))
    done = 0
    while done < rows:
        b = min(BATCH, rows - done)
        yield rng.choices(pool, cum_weights=cum, k=b)
        done += b


def names_distinct(pool: list[str], rows: int, rng: random.Random):
    n = len(pool)
    order = list(range(n))
    # Names whose upper- or lower-cased form is shared with another pool name
    # ("Qizilorda" / "Qızılorda") keep their case, so a case change cannot map
    # two of them to the same string.
    cased: dict[str, int] = {}
    for name in pool:
        for key in ("U" + name.upper(), "L" + name.lower()):
            cased[key] = cased.get(key, 0) + 1
    keep_case = [cased["U" + name.upper()] > 1 or cased["L" + name.lower()] > 1
                 for name in pool]
    del cased
    parts = [split_name(name) for name in pool]
    done = 0
    cycle = 0
    while done < rows:
        if cycle:
            rng.shuffle(order)
        take = min(n, rows - done)
        if cycle == 0:
            cyc = [pool[i] for i in order[:take]]
        else:
            cyc = perturb_cycle(parts, order[:take], cycle, keep_case)
        for start in range(0, take, BATCH):
            yield cyc[start:start + BATCH]
        done += take
        cycle += 1


def generate(out, pool: list[str], rows: int, mode: str, seed: int) -> None:
    name_rng = stream_rng(seed, "names")
    fill_rng = stream_rng(seed, "filler")

    codes = [c for c, _ in COUNTRY_WEIGHTS]
    code_cum = list(itertools.accumulate(w for _, w in COUNTRY_WEIGHTS))
    days = (DATE_END - DATE_START).days + 1
    dates = [(DATE_START + dt.timedelta(days=i)).isoformat()
             for i in range(days)]
    notes_pool = [""] + build_notes(stream_rng(seed, "notes"))
    # index 0 (empty) gets NOTES_EMPTY_WEIGHT, the rest share the remainder
    rest = (1.0 - NOTES_EMPTY_WEIGHT) / (len(notes_pool) - 1)
    notes_cum = [NOTES_EMPTY_WEIGHT + rest * i for i in range(len(notes_pool))]
    notes_cum[-1] = 1.0

    amounts_pool = build_amounts(stream_rng(seed, "amounts"))
    choices = fill_rng.choices
    writer = csv.writer(out, lineterminator="\n")  # QUOTE_MINIMAL
    writer.writerow(HEADER)

    names_iter = (names_repeated if mode == "repeated" else names_distinct)(
        pool, rows, name_rng)
    row_id = 1
    for names in names_iter:
        b = len(names)
        countries = choices(codes, cum_weights=code_cum, k=b)
        ds = choices(dates, k=b)
        ns = choices(notes_pool, cum_weights=notes_cum, k=b)
        amounts = choices(amounts_pool, k=b)
        writer.writerows(zip(range(row_id, row_id + b), names, countries,
                             amounts, ds, ns))
        row_id += b


def main(argv: list[str] | None = None) -> int:
    p = argparse.ArgumentParser(
        description="Write a reproducible benchmark input CSV for "
                    "`aka annotate` (header: " + ",".join(HEADER) + ").")
    p.add_argument("--rows", type=int, default=2_000_000,
                   help="number of data rows (default: 2000000)")
    p.add_argument("--seed", type=int, default=42,
                   help="random seed (default: 42)")
    p.add_argument("--mode", choices=["repeated", "distinct"],
                   default="repeated",
                   help="repeated: Zipf-distributed repeats (default); "
                        "distinct: a different name on every row")
    p.add_argument("--eval", type=Path, default=DEFAULT_EVAL,
                   help="eval CSV with a 'query' column "
                        "(default: ../shared/eval/dev.csv next to the repo)")
    p.add_argument("--data", type=Path, default=DEFAULT_DATA,
                   help="directory holding aliases.csv (default: data/ of "
                        "the repo)")
    p.add_argument("--aliases", type=int, default=50_000,
                   help="aliases to reservoir-sample (default: 50000)")
    p.add_argument("--negatives", type=int, default=NEGATIVE_TARGET,
                   help=f"synthetic negative names (default: {NEGATIVE_TARGET})")
    p.add_argument("-o", "--output", default="-",
                   help="output path (default: stdout)")
    args = p.parse_args(argv)
    if args.rows < 0:
        p.error(f"--rows must be >= 0, got {args.rows}")
    if args.aliases < 0 or args.negatives < 0:
        p.error("--aliases and --negatives must be >= 0")

    eval_queries = read_eval_queries(args.eval)
    aliases = sample_aliases(args.data / "aliases.csv", args.aliases,
                             stream_rng(args.seed, "aliases"))
    negatives = synthetic_negatives(args.negatives,
                                    stream_rng(args.seed, "negatives"))
    pool = build_pool(eval_queries, aliases, negatives,
                      stream_rng(args.seed, "pool"))
    if not pool:
        sys.exit("gen_annotate_input: the name pool is empty")
    note(f"pool: {len(pool)} distinct names ({len(eval_queries)} eval "
         f"queries, {len(aliases)} sampled aliases, {len(negatives)} "
         f"negatives); mode={args.mode} rows={args.rows} seed={args.seed}")

    try:
        if args.output == "-":
            out = open(sys.stdout.fileno(), "w", encoding="utf-8",
                       newline="", buffering=1 << 20, closefd=False)
        else:
            out = open(args.output, "w", encoding="utf-8", newline="",
                       buffering=1 << 20)
        with out:
            generate(out, pool, args.rows, args.mode, args.seed)
    except BrokenPipeError:
        # e.g. piped into `head`: stop quietly, like other CLI tools.
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
        return 0
    return 0


if __name__ == "__main__":
    sys.exit(main())
