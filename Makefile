# Development tasks. `make data` rebuilds the shipped seeds graph (data/seeds.trig, data/seeds.ttl).
STORE ?= /tmp/sfkg-seeds-store

.PHONY: test data lint check

test:
	pytest

data:
	rm -rf $(STORE)
	sfkg --store $(STORE) ingest seeds/ --format json > /dev/null
	sfkg --store $(STORE) export --format trig --without-system-time -o data/seeds.trig --force
	sfkg --store $(STORE) export --format turtle --without-system-time -o data/seeds.ttl --force
	rm -rf $(STORE)

lint:
	ruff check src tests

check: lint test
