package dev.careflow.transitions;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class SenderNetworksTest {

    private static final SenderNetworks DEFAULTS =
            new SenderNetworks(List.of("127.0.0.0/8", "::1/128", "10.0.0.0/8", "172.16.0.0/12", "192.168.0.0/16"));

    @ParameterizedTest
    @CsvSource({
        "127.0.0.1, true",
        "/127.0.0.1, true",
        "10.20.30.40, true",
        "172.31.255.1, true",
        "172.32.0.1, false",
        "192.168.1.9, true",
        "8.8.8.8, false",
        "::1, true",
        "not-an-address, false"
    })
    void onlyTheConfiguredNetworks_mayConnect(String address, boolean allowed) {
        assertThat(DEFAULTS.allows(address)).isEqualTo(allowed);
    }

    @org.junit.jupiter.api.Test
    void anUnknownSender_isRefused() {
        assertThat(DEFAULTS.allows(null)).isFalse();
        assertThat(new SenderNetworks(List.of("203.0.113.0/24")).allows("127.0.0.1"))
                .isFalse();
    }
}
