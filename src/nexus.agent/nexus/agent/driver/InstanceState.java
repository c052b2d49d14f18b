package nexus.agent.driver;

/** What a driver sees of one instance. */
public enum InstanceState {
    /** No such instance (never created, or destroyed). */
    ABSENT,
    STOPPED,
    RUNNING
}
