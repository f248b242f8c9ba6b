package dev.careflow.transitions;

import static org.assertj.core.api.Assertions.assertThat;

import dev.careflow.CareflowIT;
import dev.careflow.transitions.internal.v2.MllpFraming;
import java.io.BufferedInputStream;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

/** The MLLP listener's own limits: idle connections hold no thread, and beyond the limit a connection is closed. */
class MllpIT extends CareflowIT {

    private static final int LIMIT = 64;

    @Autowired
    MllpListener mllp;

    @Test
    void aHundredIdleConnections_holdNoThreads_theLimitClosesTheRest_andEachTakenOneIsServed() throws Exception {
        int before = ManagementFactory.getThreadMXBean().getThreadCount();
        List<Socket> sockets = new ArrayList<>();
        try {
            for (int i = 0; i < 100; i++) {
                Socket socket = new Socket("localhost", mllp.port());
                socket.setSoTimeout(10_000);
                sockets.add(socket);
            }
            awaitOpenConnections(LIMIT);
            int after = ManagementFactory.getThreadMXBean().getThreadCount();
            System.out.printf("MLLP, 100 idle connections: %d threads before, %d after%n", before, after);
            assertThat(after - before)
                    .as("threads added by 100 idle connections")
                    .isLessThanOrEqualTo(3);

            int answered = 0;
            int closed = 0;
            for (Socket socket : sockets) {
                String ack = emptyFrame(socket);
                if (ack == null) {
                    closed++;
                } else {
                    assertThat(ack).contains("MSA|AR|");
                    answered++;
                }
            }
            assertThat(answered).as("connections taken and served").isEqualTo(LIMIT);
            assertThat(closed)
                    .as("connections beyond the limit, closed at once")
                    .isEqualTo(100 - LIMIT);
        } finally {
            for (Socket socket : sockets) {
                socket.close();
            }
        }
        awaitOpenConnections(0);
        try (Socket again = new Socket("localhost", mllp.port())) {
            again.setSoTimeout(10_000);
            assertThat(emptyFrame(again))
                    .as("a connection is taken again once others closed")
                    .contains("MSA|AR|");
        }
    }

    @Test
    void anEmptyFrame_isAnsweredArAtOnce() throws Exception {
        try (Socket socket = new Socket("localhost", mllp.port())) {
            socket.setSoTimeout(10_000);
            long started = System.nanoTime();
            String ack = emptyFrame(socket);
            assertThat(ack).contains("MSA|AR|");
            assertThat((System.nanoTime() - started) / 1_000_000).isLessThan(5_000);
        }
    }

    /** Sends an empty frame; its ACK, or null when the listener closed the connection. */
    private static String emptyFrame(Socket socket) throws IOException {
        try {
            MllpFraming.write(socket.getOutputStream(), new byte[0]);
            byte[] ack = MllpFraming.read(new BufferedInputStream(socket.getInputStream()), 1 << 20);
            return ack == null ? null : new String(ack, StandardCharsets.ISO_8859_1);
        } catch (java.net.SocketException reset) {
            return null;
        }
    }

    private void awaitOpenConnections(int expected) throws InterruptedException {
        long deadline = System.nanoTime() + 10_000_000_000L;
        while (mllp.openConnections() != expected && System.nanoTime() < deadline) {
            Thread.sleep(50);
        }
        assertThat(mllp.openConnections()).isEqualTo(expected);
    }
}
