"""`make bench`: every benchmark, each a ratio against a baseline run in the same process."""

from benchmarks import bench_classifier, bench_datasette, bench_ingest

bench_classifier.main()
bench_datasette.main()
bench_ingest.main()
