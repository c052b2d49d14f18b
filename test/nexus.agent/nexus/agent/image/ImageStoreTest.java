package nexus.agent.image;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import nexus.testkit.HostRequirement;
import nexus.testkit.SystemTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ImageStoreTest {

    @Test
    void theKeyFollowsEverythingThatGoesIntoTheImage() {
        ImageSpec standard = ImageSpec.standard(ImageSpec.DEFAULT_MIRROR, 100_000);
        assertEquals(standard.key(), ImageSpec.standard(ImageSpec.DEFAULT_MIRROR, 100_000).key());
        assertNotEquals(standard.key(), ImageSpec.standard("http://mirror.example/debian", 100_000).key());
        assertNotEquals(standard.key(), ImageSpec.standard(ImageSpec.DEFAULT_MIRROR, 0).key());
        assertNotEquals(standard.key(), new ImageSpec(standard.suite(), standard.mirror(), List.of("openssh-server"), standard.setupScript(),
                standard.initScript(), standard.sshdConfig(), standard.idShift()).key());
        assertTrue(standard.packages().containsAll(List.of("openssh-server", "sudo", "git", "curl", "ca-certificates", "python3",
                "python3-venv", "nodejs", "npm", "iproute2", "procps")), "DESIGN §6's packages");
    }

    @Test
    @SystemTest({HostRequirement.ROOT, HostRequirement.DEBOOTSTRAP})
    void aFailedBuildSaysWhyAndLeavesNothing(@TempDir Path cache) throws Exception {
        ImageStore store = new ImageStore(cache, ImageSpec.standard("http://127.0.0.1:9/debian", 100_000));
        ImageBuildException e = assertThrows(ImageBuildException.class, () -> store.ensure(false));
        assertTrue(e.getMessage().startsWith("building the base image: debootstrap failed"), e.getMessage());
        assertTrue(String.join("\n", e.outputTail()).contains("127.0.0.1"), "the tail shows debootstrap's complaint: " + e.outputTail());
        assertTrue(store.current().isEmpty());
        try (var s = Files.list(cache)) {
            assertEquals(List.of(".lock"), s.map(p -> p.getFileName().toString()).toList(), "no half-built image is left");
        }
    }
}
