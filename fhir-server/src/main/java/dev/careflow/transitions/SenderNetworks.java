package dev.careflow.transitions;

import java.util.List;
import org.springframework.security.web.util.matcher.IpAddressMatcher;

/** The networks (CIDR) MLLP senders may connect from. */
public final class SenderNetworks {

    private final List<IpAddressMatcher> networks;

    public SenderNetworks(List<String> cidrs) {
        this.networks = cidrs.stream().map(IpAddressMatcher::new).toList();
    }

    /** Whether a sender's address (as HAPI reports it) is on one of the networks; an unknown address is not. */
    public boolean allows(Object address) {
        if (address == null) {
            return false;
        }
        String ip = String.valueOf(address).replaceFirst("^/", "");
        try {
            return networks.stream().anyMatch(network -> network.matches(ip));
        } catch (IllegalArgumentException e) {
            return false;
        }
    }
}
