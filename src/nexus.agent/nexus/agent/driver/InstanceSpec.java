package nexus.agent.driver;

import nexus.agent.network.Attachment;
import nexus.core.config.Resources;

/**
 * What a driver needs to create one workspace instance: its instance name ({@code nexus-<workspace id>}), the
 * hostname inside, the image, its place on the Nexus bridge, and resource limits (applied again by
 * {@link Driver#limit} once the workspace's config is known).
 */
public record InstanceSpec(String name, String hostname, String image, Attachment network, Resources resources) {}
