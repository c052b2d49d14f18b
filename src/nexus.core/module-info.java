/** Shared by every Nexus program: the API model and its JSON codec, the workspace config, ids and names. */
module nexus.core {
    requires com.fasterxml.jackson.core;
    requires org.snakeyaml.engine;

    exports nexus.core;
    exports nexus.core.json;
    exports nexus.core.api;
    exports nexus.core.protocol;
    exports nexus.core.config;
    exports nexus.core.spi;
    exports nexus.core.id;
    exports nexus.core.util;
    exports nexus.core.detect;
    exports nexus.core.repo;
}
