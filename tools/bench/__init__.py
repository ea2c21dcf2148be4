"""The benchmark (`make bench`) and the load test (`make loadtest`); never part of the product's URLs."""
