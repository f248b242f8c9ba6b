package dev.careflow.transitions.internal.v2;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;

/**
 * MLLP release 1 framing: a message is sent as {@code <VT> bytes <FS><CR>}. Bytes outside a frame are ignored, as the
 * protocol allows; a frame larger than the limit ends the connection.
 */
public final class MllpFraming {

    static final int START = 0x0b;
    static final int END = 0x1c;
    static final int CR = 0x0d;

    private MllpFraming() {}

    /** The next frame's content, or null at the end of the stream (or when it ends inside a frame). */
    public static byte[] read(InputStream in, int maxBytes) throws IOException {
        int b;
        do {
            b = in.read();
            if (b < 0) {
                return null;
            }
        } while (b != START);
        ByteArrayOutputStream frame = new ByteArrayOutputStream();
        while (true) {
            b = in.read();
            if (b < 0) {
                return null;
            }
            if (b == END) {
                int next = in.read();
                if (next == CR || next < 0) {
                    return frame.toByteArray();
                }
                frame.write(b);
                b = next;
            }
            if (b == START) {
                // A new frame began before this one ended: the sender gave up on it; start again.
                frame.reset();
                continue;
            }
            frame.write(b);
            if (frame.size() > maxBytes) {
                throw new IOException("MLLP frame larger than " + maxBytes + " bytes");
            }
        }
    }

    public static void write(OutputStream out, byte[] content) throws IOException {
        out.write(START);
        out.write(content);
        out.write(END);
        out.write(CR);
        out.flush();
    }
}
