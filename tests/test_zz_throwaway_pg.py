import os
import psycopg
def test_pg(pg_url):
    url = pg_url.replace("postgresql+psycopg://", "postgresql://")
    with psycopg.connect(url) as conn:
        row = conn.execute("select current_user, current_database(), inet_server_addr()::text, current_setting('port'), current_setting('unix_socket_directories'), current_setting('listen_addresses'), version()").fetchone()
        print(row)
        with open("/tmp/pgcheck.txt", "w") as f:
            f.write(repr(row) + "\n" + os.environ["QT_QPA_PLATFORM"])
