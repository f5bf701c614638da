"""`make bench`: every benchmark, each a ratio against a baseline run in the same process."""

from benchmarks import (
    bench_classifier,
    bench_crawl,
    bench_datasette,
    bench_distributed,
    bench_ingest,
    bench_stages,
)

bench_classifier.main()
bench_crawl.main()
bench_stages.main()
bench_datasette.main()
bench_ingest.main()
bench_distributed.main()
