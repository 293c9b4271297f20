"""What the benchmarks share: a scratch database, the real server, payloads, CPU watching,
the declarations run's API load, driver baseline and report. A package, not scripts in
`bench/`, so `make bench` does not run its modules."""
