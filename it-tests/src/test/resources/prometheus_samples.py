"""Parses a Prometheus text-format file with the official Python client's parser (which raises on
any malformed line) and prints one 'name{label="value",...} value' line per sample, labels sorted.
Used by MetricsFioIT as the independent parser of what lunbridge serves."""
import sys
from prometheus_client.parser import text_string_to_metric_families

with open(sys.argv[1], encoding="utf-8") as f:
    text = f.read()
for family in text_string_to_metric_families(text):
    for s in family.samples:
        labels = ",".join('%s="%s"' % (k, s.labels[k]) for k in sorted(s.labels))
        print("%s{%s} %r" % (s.name, labels, float(s.value)))
