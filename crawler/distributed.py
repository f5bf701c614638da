"""A distributed crawl's shared state in Redis: its keys, and every atomic step taken on them.

Workers (`clinicwatch crawl --redis-url`, or the spider under Scrapyd) and the single writer
(`clinicwatch ingest`) agree through these keys, all under one prefix (`clinicwatch:` by default):

    requests, dupefilter  scrapy-redis's priority queue (pickled requests) and its fingerprints
    leases:WORKER         requests a worker popped and has not finished; requeued if it dies
    worker:WORKER         a worker's heartbeat, expiring CLINICWATCH_WORKER_TTL after its last beat
    workers               the workers that joined the run and have not left it
    run                   the run: seed-list digest, who seeds, state (seeding, seeded), run_id
    seen:SITE             URLs admitted for a site -> the page that linked them (the page budget)
    not_pages:SITE        admitted URLs that were no page (dead, off-site): their budget is free
    too_deep:SITE         URLs linked past the depth limit (unread unless also in seen:SITE)
    skips, skip_events    skip counts per "SITE KIND" (over budget, traps), each event counted once
    sites, crawl_delays   the sites admitted so far; robots.txt Crawl-delay per site
    texts                 "SITE TEXT-SHA256" -> the first URL that gave that page text
    items, ingesting      JSON items for the writer; the batch it is writing now
    emitted               keys of the items pushed this run: a request run twice pushes
                          nothing twice
    known, writer         url -> what the database holds (from the writer); the writer's lease

Every step that must not be torn by a killed process is one Lua script (Redis runs each alone).
"""

from __future__ import annotations

import functools
import hashlib
import os
import secrets
import socket
from collections import defaultdict
from collections.abc import Iterable

import redis

from crawler.frontier import MAX_TOO_DEEP, TOO_DEEP

JOIN_RUN = """
if redis.call('EXISTS', KEYS[1]) == 0 then
  redis.call('HSET', KEYS[1], 'state', 'seeding', 'seeder', ARGV[1], 'seeds_sha', ARGV[2],
    unpack(ARGV, 4))
  return 'seed'
end
if redis.call('HGET', KEYS[1], 'seeds_sha') ~= ARGV[2] then return 'other' end
if redis.call('HGET', KEYS[1], 'state') == 'seeded' then return 'seeded' end
local seeder = redis.call('HGET', KEYS[1], 'seeder')
if seeder == ARGV[1] or redis.call('EXISTS', ARGV[3] .. seeder) == 0 then
  redis.call('HSET', KEYS[1], 'seeder', ARGV[1])
  return 'seed'
end
return 'wait'
"""
MARK_SEEDED = """
if redis.call('HGET', KEYS[1], 'seeder') ~= ARGV[1] then return 0 end
redis.call('HSET', KEYS[1], 'state', 'seeded')
return 1
"""
ADMIT = """
local owner = redis.call('HGET', KEYS[1], ARGV[1])
if owner then return owner end
if redis.call('HLEN', KEYS[1]) - redis.call('SCARD', KEYS[5]) >= tonumber(ARGV[3]) then
  if redis.call('SADD', KEYS[3], ARGV[5]) == 1 then
    redis.call('HINCRBY', KEYS[2], ARGV[4] .. ' over_budget', 1)
  end
  return false
end
redis.call('HSET', KEYS[1], ARGV[1], ARGV[2])
redis.call('SADD', KEYS[4], ARGV[4])
return ARGV[2]
"""
GIVE_BACK = """
if redis.call('HEXISTS', KEYS[1], ARGV[1]) == 1 then redis.call('SADD', KEYS[2], ARGV[1]) end
"""
NOTE_TOO_DEEP = """
if redis.call('SCARD', KEYS[1]) < tonumber(ARGV[2]) then redis.call('SADD', KEYS[1], ARGV[1]) end
redis.call('SADD', KEYS[2], ARGV[3])
"""
COUNT_SKIP = """
if redis.call('SADD', KEYS[2], ARGV[2]) == 1 then redis.call('HINCRBY', KEYS[1], ARGV[1], 1) end
"""
ENQUEUE = """
if ARGV[1] ~= '' and redis.call('SADD', KEYS[1], ARGV[1]) == 0 then return 0 end
redis.call('ZADD', KEYS[2], ARGV[2], ARGV[3])
return 1
"""
LEASE = """
local popped = redis.call('ZPOPMIN', KEYS[1])
if #popped == 0 then return false end
redis.call('ZADD', KEYS[2], popped[2], popped[1])
return popped[1]
"""
REQUEUE_LEASES = """
if ARGV[2] == 'if-dead' and redis.call('EXISTS', KEYS[4]) == 1 then return -1 end
local leased = redis.call('ZRANGE', KEYS[1], 0, -1, 'WITHSCORES')
for i = 1, #leased, 2 do redis.call('ZADD', KEYS[2], leased[i + 1], leased[i]) end
redis.call('DEL', KEYS[1])
redis.call('SREM', KEYS[3], ARGV[1])
return #leased / 2
"""
PUSH_ITEM = """
if redis.call('SADD', KEYS[1], ARGV[1]) == 0 then return 0 end
redis.call('RPUSH', KEYS[2], ARGV[2])
return 1
"""
TAKE_ITEMS = """
if redis.call('LLEN', KEYS[2]) > 0 then return {1, redis.call('LRANGE', KEYS[2], 0, -1)} end
local batch = redis.call('LRANGE', KEYS[1], 0, tonumber(ARGV[1]) - 1)
if #batch > 0 then
  redis.call('LTRIM', KEYS[1], #batch, -1)
  redis.call('RPUSH', KEYS[2], unpack(batch))
end
return {0, batch}
"""
CLAIM_WRITER = """
local holder = redis.call('GET', KEYS[1])
if holder and holder ~= ARGV[1] then return holder end
redis.call('SET', KEYS[1], ARGV[1], 'PX', ARGV[2])
return ''
"""
SCRIPTS = {
    "join_run": JOIN_RUN,
    "mark_seeded": MARK_SEEDED,
    "admit": ADMIT,
    "give_back": GIVE_BACK,
    "count_skip": COUNT_SKIP,
    "note_too_deep": NOTE_TOO_DEEP,
    "enqueue": ENQUEUE,
    "lease": LEASE,
    "requeue_leases": REQUEUE_LEASES,
    "push_item": PUSH_ITEM,
    "take_items": TAKE_ITEMS,
    "claim_writer": CLAIM_WRITER,
}
RUN_KEYS = (
    "run", "requests", "dupefilter", "skips", "skip_events", "sites", "crawl_delays", "emitted",
    "workers", "texts",
)  # fmt: skip


def redis_key(prefix: str, *parts: str) -> str:
    return ":".join((prefix, *parts))


@functools.cache
def worker_id() -> str:
    """This process as a worker or writer: host, pid and a nonce (pids are reused)."""
    return f"{socket.gethostname()}:{os.getpid()}:{secrets.token_hex(3)}"


def event_digest(*parts: str) -> bytes:
    """A short fixed-size member for the dedup sets (URLs can be long)."""
    return hashlib.sha1("\x1f".join(parts).encode()).digest()[:12]


class SeedListConflict(RuntimeError):
    """Redis already holds a running crawl of another seed list under this prefix."""


class RedisCrawl:
    """The shared state of one distributed crawl (at a time) under a key prefix."""

    def __init__(self, server: redis.Redis, prefix: str = "clinicwatch") -> None:
        self.server = server
        self.prefix = prefix
        self.scripts = {name: server.register_script(code) for name, code in SCRIPTS.items()}

    @classmethod
    def from_url(cls, url: str, prefix: str = "clinicwatch") -> RedisCrawl:
        server = redis.Redis.from_url(
            url, socket_timeout=30, socket_connect_timeout=10, retry_on_timeout=True
        )
        return cls(server, prefix)

    @classmethod
    def from_settings(cls, settings) -> RedisCrawl:
        return cls.from_url(
            settings.get("CLINICWATCH_REDIS_URL"), settings.get("CLINICWATCH_REDIS_PREFIX")
        )

    def key(self, *parts: str) -> str:
        return redis_key(self.prefix, *parts)

    # -- the run and its seeding ------------------------------------------------------------

    def run_info(self) -> dict[str, str]:
        return {k.decode(): v.decode() for k, v in self.server.hgetall(self.key("run")).items()}

    def check_seed_list(self, seeds_sha: str) -> None:
        """Raise SeedListConflict when a crawl of another seed list is under way here."""
        running = self.server.hget(self.key("run"), "seeds_sha")
        if running is not None and running.decode() != seeds_sha:
            raise SeedListConflict(
                f"Redis prefix {self.prefix!r} holds a crawl of another seed list "
                f"(sha256 {running.decode()[:12]}…): wait for its `clinicwatch ingest` to finish "
                "it, or use another --redis-prefix"
            )

    def join_run(self, worker: str, seeds_sha: str, run: dict[str, str]) -> str:
        """'seed' (this worker reads the seed list), 'wait' (a live worker is seeding),
        'seeded', or 'other' (another seed list is being crawled)."""
        fields = [str(value) for pair in run.items() for value in pair]
        return self.scripts["join_run"](
            keys=[self.key("run")], args=[worker, seeds_sha, self.key("worker", ""), *fields]
        ).decode()

    def mark_seeded(self, worker: str) -> bool:
        return bool(self.scripts["mark_seeded"](keys=[self.key("run")], args=[worker]))

    def set_run_id(self, run_id: int) -> int:
        """The database's crawl_runs id for this run (the first writer to set it wins)."""
        self.server.hsetnx(self.key("run"), "run_id", run_id)
        return int(self.server.hget(self.key("run"), "run_id"))

    def end_run(self) -> None:
        """Forget the finished run: the next worker started seeds a new one."""
        sites = [site.decode() for site in self.server.smembers(self.key("sites"))]
        keys = [self.key(name) for name in RUN_KEYS]
        keys += [self.key(kind, s) for s in sites for kind in ("seen", "too_deep", "not_pages")]
        for start in range(0, len(keys), 500):
            self.server.delete(*keys[start : start + 500])

    # -- the frontier -----------------------------------------------------------------------

    def admit(self, site: str, url: str, parent: str, budget: int) -> str | None:
        """The page that admitted `url` for the site (`parent` if it is new), or None when
        the site's page budget is spent (counted once per parent and URL)."""
        event = event_digest("over_budget", site, parent, url)
        keys = [
            self.key("seen", site),
            self.key("skips"),
            self.key("skip_events"),
            self.key("sites"),
            self.key("not_pages", site),
        ]
        owner = self.scripts["admit"](keys=keys, args=[url, parent, budget, site, event])
        return owner.decode() if owner is not None else None

    def give_back(self, site: str, url: str) -> None:
        """An admitted URL was no page of the site: its place in the budget is free again."""
        self.scripts["give_back"](
            keys=[self.key("seen", site), self.key("not_pages", site)], args=[url]
        )

    def count_skip(self, site: str, kind: str, parent: str, url: str) -> None:
        self.scripts["count_skip"](
            keys=[self.key("skips"), self.key("skip_events")],
            args=[f"{site} {kind}", event_digest(kind, site, parent, url)],
        )

    def note_too_deep(self, site: str, url: str) -> None:
        """A link past the depth limit (remembered up to MAX_TOO_DEEP per site)."""
        self.scripts["note_too_deep"](
            keys=[self.key("too_deep", site), self.key("sites")],
            args=[url, MAX_TOO_DEEP, site],
        )

    def skipped(self) -> dict[str, dict[str, int]]:
        counts: dict[str, dict[str, int]] = defaultdict(dict)
        for field, value in self.server.hgetall(self.key("skips")).items():
            site, _, kind = field.decode().rpartition(" ")
            counts[site][kind] = int(value)
        for site in self.server.smembers(self.key("sites")):
            site = site.decode()
            too_deep = list(self.server.smembers(self.key("too_deep", site)))
            if not too_deep:
                continue
            admitted = self.server.hmget(self.key("seen", site), too_deep)
            unreached = sum(owner is None for owner in admitted)
            if unreached:
                counts[site][TOO_DEEP] = unreached
        return dict(counts)

    def crawl_delay(self, site: str) -> float | None:
        value = self.server.hget(self.key("crawl_delays"), site)
        return float(value) if value is not None else None

    def set_crawl_delay(self, site: str, delay: float) -> None:
        self.server.hset(self.key("crawl_delays"), site, delay)

    def first_url_with_text(self, site: str, content_hash: str, url: str) -> str:
        """The URL that first gave this page text on the site, in any worker (`url` if new)."""
        field = f"{site} {content_hash}"
        transaction = self.server.pipeline()  # one round trip a page, and no worker in between
        transaction.hsetnx(self.key("texts"), field, url)
        transaction.hget(self.key("texts"), field)
        _, first = transaction.execute()
        return first.decode()

    def known_page(self, url: str) -> bytes | None:
        return self.server.hget(self.key("known"), url)

    def publish_known_pages(self, records: Iterable[tuple[str, str]]) -> int:
        """Replace what workers know of stored pages (url, JSON) for conditional requests."""
        self.server.delete(self.key("known"))
        count, chunk = 0, {}
        for url, record in records:
            chunk[url] = record
            if len(chunk) == 500:
                count += self.server.hset(self.key("known"), mapping=chunk)
                chunk = {}
        if chunk:
            count += self.server.hset(self.key("known"), mapping=chunk)
        return count

    # -- requests: enqueue, lease, requeue --------------------------------------------------

    def enqueue(self, queue_key: str, dupefilter_key: str, fingerprint: str, data, score) -> bool:
        """Fingerprint and queue a request in one step (a kill in between would lose it)."""
        return bool(
            self.scripts["enqueue"](
                keys=[dupefilter_key, queue_key], args=[fingerprint, score, data]
            )
        )

    def lease(self, queue_key: str, worker: str) -> bytes | None:
        """Pop the most urgent request and hold it under the worker's lease, in one step."""
        return self.scripts["lease"](keys=[queue_key, self.key("leases", worker)])

    def release(self, worker: str, *data: bytes) -> None:
        if data:
            self.server.zrem(self.key("leases", worker), *data)

    def requeue_leases(self, worker: str, only_if_dead: bool = False) -> int:
        """Put a worker's leased requests back in the queue and drop it from the run;
        -1 (nothing done) when `only_if_dead` and its heartbeat is still there."""
        return self.scripts["requeue_leases"](
            keys=[
                self.key("leases", worker),
                self.key("requests"),
                self.key("workers"),
                self.key("worker", worker),
            ],
            args=[worker, "if-dead" if only_if_dead else "always"],
        )

    # -- workers ----------------------------------------------------------------------------

    def beat(self, worker: str, ttl: float) -> None:
        """Say the worker is alive for `ttl` more seconds (and part of the run)."""
        with self.server.pipeline() as pipe:
            pipe.set(self.key("worker", worker), 1, px=int(ttl * 1000))
            pipe.sadd(self.key("workers"), worker)
            pipe.execute()

    def leave(self, worker: str) -> int:
        """A worker leaves the run: whatever it still holds goes back to the queue."""
        requeued = self.requeue_leases(worker)
        self.server.delete(self.key("worker", worker))
        return requeued

    def workers(self) -> list[str]:
        return sorted(member.decode() for member in self.server.smembers(self.key("workers")))

    def recover_dead_workers(self) -> dict[str, int]:
        """Requeue the leases of every worker whose heartbeat expired: {worker: requests}."""
        recovered = {}
        for worker in self.workers():
            count = self.requeue_leases(worker, only_if_dead=True)
            if count > 0:
                recovered[worker] = count
        return recovered

    def is_quiet(self, ignore: str = "") -> bool:
        """Nothing left to do: seeding done, no request queued, none held by a worker
        (but `ignore`, an idle worker asking, whose leases are all finished)."""
        if self.server.hget(self.key("run"), "state") == b"seeding":
            return False
        if self.server.zcard(self.key("requests")):
            return False
        return not any(
            self.server.zcard(self.key("leases", worker))
            for worker in self.workers()
            if worker != ignore
        )

    def is_finished(self) -> bool:
        """The run is over for the writer: quiet, every worker gone, every item written."""
        return (
            self.server.hget(self.key("run"), "state") == b"seeded"
            and not self.server.zcard(self.key("requests"))
            and not self.server.scard(self.key("workers"))
            and not self.server.llen(self.key("items"))
            and not self.server.llen(self.key("ingesting"))
        )

    def queued(self) -> int:
        return self.server.zcard(self.key("requests"))

    # -- items ------------------------------------------------------------------------------

    def push_item(self, key: str, data: str) -> bool:
        """Queue an item for the writer unless an item with this key was pushed this run."""
        return bool(
            self.scripts["push_item"](
                keys=[self.key("emitted"), self.key("items")], args=[key, data]
            )
        )

    def take_items(self, count: int) -> tuple[bool, list[bytes]]:
        """The next batch for the writer, kept in `ingesting` until `items_written`.

        A batch left there by a writer that died is handed out again first: (True, batch).
        """
        replay, batch = self.scripts["take_items"](
            keys=[self.key("items"), self.key("ingesting")], args=[count]
        )
        return bool(replay), list(batch)

    def items_written(self) -> None:
        self.server.delete(self.key("ingesting"))

    def claim_writer(self, writer: str, ttl: float) -> str:
        """Hold the single-writer lease; '' when held, else the other writer's id."""
        holder = self.scripts["claim_writer"](
            keys=[self.key("writer")], args=[writer, int(ttl * 1000)]
        )
        return holder.decode() if holder else ""

    def drop_writer(self, writer: str) -> None:
        if self.server.get(self.key("writer")) == writer.encode():
            self.server.delete(self.key("writer"))
