/** The coordination server: HTTP API v1, SQLite store, auth, scheduling, ports and the node protocol. */
module nexus.server {
    requires nexus.core;
    requires jdk.httpserver;
    requires java.net.http;
    requires java.sql;
    requires java.logging;
    requires org.xerial.sqlitejdbc;

    uses nexus.core.spi.LocalAgent;
}
