#!/usr/bin/env python3
"""Write large synthetic files for timing check_stix.py / check_ftm.py.

Usage: gen_synthetic.py N OUT_DIR   -> OUT_DIR/synthetic_stix.json, OUT_DIR/synthetic_ftm.jsonl
Objects are copies of the shapes in samples/stix_valid.json and
samples/ftm_valid.jsonl with fresh ids, so both files must validate.
"""
import json
import os
import sys
import uuid

HERE = os.path.dirname(os.path.abspath(__file__))
NS = uuid.UUID("0d3f3e4c-8d9e-4c57-9f55-1a1b1c1d1e1f")


def main(n, out_dir):
    stix = json.load(open(os.path.join(HERE, "samples", "stix_valid.json")))
    base = stix["objects"]
    objs = list(base)
    k = 0
    while len(objs) < n:
        # new copy of every object, all refs (bar shared definitions) renamed
        ren = {}
        for o in base:
            if o["type"] in ("extension-definition",) or o["id"] == base[0]["id"]:
                continue
            ren[o["id"]] = "%s--%s" % (o["type"], uuid.uuid5(NS, "%d:%s" % (k, o["id"])))
        text = json.dumps([o for o in base if o["id"] in ren])
        for old, new in ren.items():
            text = text.replace(old, new)
        objs.extend(json.loads(text))
        k += 1
    stix["objects"] = objs  # whole copies only, so no ref is cut off
    with open(os.path.join(out_dir, "synthetic_stix.json"), "w") as fh:
        json.dump(stix, fh)

    lines = [json.loads(l) for l in open(os.path.join(HERE, "samples", "ftm_valid.jsonl")) if l.strip()]
    fids = {e["id"] for e in lines}
    count = 0
    with open(os.path.join(out_dir, "synthetic_ftm.jsonl"), "w") as fh:
        k = 0
        while count < n:
            text = json.dumps(lines)
            for fid in sorted(fids, key=len, reverse=True):
                text = text.replace(f'"{fid}"', f'"{fid}-{k}"')
            for e in json.loads(text):
                fh.write(json.dumps(e) + "\n")
                count += 1
            k += 1
    print(f"stix objects: {len(stix['objects'])}, ftm entities: {count}")


if __name__ == "__main__":
    main(int(sys.argv[1]), sys.argv[2])
