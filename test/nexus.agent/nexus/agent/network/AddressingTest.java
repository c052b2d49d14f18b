package nexus.agent.network;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class AddressingTest {

    @Test
    void subnetArithmetic() {
        Subnet s = Subnet.parse("10.77.0.0/16");
        assertEquals("10.77.0.1", Subnet.format(s.gateway()));
        assertEquals("10.77.0.2", Subnet.format(s.firstHost()));
        assertEquals("10.77.255.254", Subnet.format(s.lastHost()));
        assertTrue(s.contains(Subnet.parseAddress("10.77.3.4")));
        assertFalse(s.contains(Subnet.parseAddress("10.78.0.1")));
        assertTrue(s.overlaps(Subnet.parse("10.0.0.0/8")));
        assertFalse(s.overlaps(Subnet.parse("10.78.0.0/16")));
    }

    @Test
    void badSubnetsAreExplained() {
        assertEquals("10.77.0.1/16 is not a network address; did you mean 10.77.0.0/16?",
                assertThrows(IllegalArgumentException.class, () -> Subnet.parse("10.77.0.1/16")).getMessage());
        assertThrows(IllegalArgumentException.class, () -> Subnet.parse("10.77.0.0"));
        assertThrows(IllegalArgumentException.class, () -> Subnet.parse("10.300.0.0/16"));
        assertThrows(IllegalArgumentException.class, () -> Subnet.parse("10.77.0.0/30"));
    }

    @Test
    void macAndInterfaceFollowTheAddress() {
        Attachment a = new Attachment("nexusbr0", Subnet.parse("10.77.0.0/16"), Subnet.parseAddress("10.77.1.5"));
        assertEquals("02:00:0a:4d:01:05", a.mac());
        assertEquals("nx0a4d0105", a.hostInterface());
        assertEquals("10.77.1.5/16", a.cidr());
        assertEquals("10.77.0.1", a.gateway());
        assertTrue(a.hostInterface().length() <= 15);
    }

    @Test
    void poolHandsOutTheLowestFreeAddressAndReusesReleasedOnes() {
        AddressPool pool = new AddressPool("br", Subnet.parse("10.9.0.0/28"));
        pool.markTaken(Subnet.parseAddress("10.9.0.2"));
        Attachment first = pool.allocate();
        assertEquals("10.9.0.3", first.ip());
        assertEquals("10.9.0.4", pool.allocate().ip());
        pool.release(first.address());
        assertEquals("10.9.0.3", pool.allocate().ip());
        for (int i = 5; i <= 14; i++) {
            pool.allocate();
        }
        assertThrows(IllegalStateException.class, pool::allocate);
    }
}
