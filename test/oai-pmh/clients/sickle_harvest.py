"""Harvest an OAI-PMH endpoint with Sickle (an independent client) and print one JSON
line per header: identifier, datestamp, deleted, setSpecs. Used by sickle.test.ts."""
import json
import sys

from sickle import Sickle

url, verb = sys.argv[1], sys.argv[2]
sickle = Sickle(url, max_retries=3)
items = getattr(sickle, verb)(metadataPrefix="oai_dc", ignore_deleted=False)
for item in items:
    header = item if verb == "ListIdentifiers" else item.header
    out = {"identifier": header.identifier, "datestamp": header.datestamp, "deleted": header.deleted, "sets": header.setSpecs}
    if verb == "ListRecords" and not header.deleted:
        out["title"] = item.metadata.get("title", [None])[0]
    print(json.dumps(out))
