"""Time Argon2id hashing and verification with the app's configured parameters."""

from __future__ import annotations

import statistics
import time

from safety import create_app
from safety.passwords import hash_password, verify_password

ROUNDS = 20


def main() -> None:
    app = create_app({"TESTING": True, "DATABASE_URL": "sqlite://"})
    with app.app_context():
        config = app.config
        hash_times, verify_times = [], []
        for _ in range(ROUNDS):
            started = time.perf_counter()
            stored = hash_password("a benchmark passphrase of decent length")
            hash_times.append(time.perf_counter() - started)
            started = time.perf_counter()
            assert verify_password(stored, "a benchmark passphrase of decent length")
            verify_times.append(time.perf_counter() - started)
    print(
        f"argon2id t={config['ARGON2_TIME_COST']} m={config['ARGON2_MEMORY_COST']} KiB "
        f"p={config['ARGON2_PARALLELISM']}"
    )
    print(f"hash   median {statistics.median(hash_times) * 1000:.1f} ms")
    print(f"verify median {statistics.median(verify_times) * 1000:.1f} ms")


if __name__ == "__main__":
    main()
