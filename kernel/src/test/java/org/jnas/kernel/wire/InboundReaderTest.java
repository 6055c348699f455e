package org.jnas.kernel.wire;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.dflib.jjava.jupyter.messages.HMACGenerator;
import org.dflib.jjava.jupyter.messages.MessageType;
import org.dflib.jjava.jupyter.messages.request.ExecuteRequest;
import org.junit.jupiter.api.Test;

/** The checks a message passes before any handler sees it, without a kernel (KernelFuzzTest does them end to end). */
class InboundReaderTest {
    private final HMACGenerator hmac = hmac();
    private final InboundReader reader = new InboundReader(hmac);
    private int ids;

    private static HMACGenerator hmac() {
        try {
            return new HMACGenerator("hmac-sha256", "secret");
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    private List<byte[]> signed(String type, String content) {
        String header = "{\"msg_id\": \"m" + (ids++) + "\", \"msg_type\": \"" + type + "\", \"session\": \"s\","
                + " \"username\": \"u\", \"date\": \"2026-01-01T00:00:00Z\", \"version\": \"5.3\"}";
        byte[][] parts = {bytes(header), bytes("{}"), bytes("{}"), bytes(content)};
        List<byte[]> frames = new ArrayList<>(List.of(bytes("peer"), InboundReader.DELIMITER,
                bytes(hmac.calculateSignature(parts))));
        frames.addAll(List.of(parts));
        return frames;
    }

    private static byte[] bytes(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    private String dropped(List<byte[]> frames) {
        return assertInstanceOf(Inbound.Dropped.class, reader.read(frames)).reason();
    }

    @Test
    void aSignedRequestPassesOnceAndItsReplayIsDropped() {
        List<byte[]> frames = signed("execute_request", "{\"code\": \"1 + 1\"}");
        Inbound.Valid valid = assertInstanceOf(Inbound.Valid.class, reader.read(frames));
        assertEquals("1 + 1", ((ExecuteRequest) valid.message().getContent()).getCode());
        assertEquals("peer", new String(valid.message().getIdentities().get(0), StandardCharsets.UTF_8));
        assertTrue(dropped(frames).startsWith("replayed"));
    }

    @Test
    void badSignaturesAndBrokenFramesAreDropped() {
        List<byte[]> forged = signed("execute_request", "{\"code\": \"1\"}");
        forged.set(2, bytes("0".repeat(64)));
        assertEquals("invalid signature", dropped(forged));
        List<byte[]> unsigned = signed("execute_request", "{\"code\": \"1\"}");
        unsigned.set(2, new byte[0]);
        assertTrue(dropped(unsigned).startsWith("unsigned"));
        assertTrue(dropped(List.of(bytes("garbage"))).startsWith("no <IDS|MSG> delimiter"));
        assertTrue(dropped(signed("execute_request", "{\"code\": \"1\"}").subList(0, 5)).startsWith("truncated"));
    }

    @Test
    void badJsonUnknownTypesAndBadHeadersAreDropped() {
        assertEquals("content is not valid JSON", dropped(signed("execute_request", "{\"code\": ")));
        assertEquals("content is not a JSON object", dropped(signed("execute_request", "[1]")));
        assertTrue(dropped(signed("no_such_request", "{}")).startsWith("unknown message type 'no_such_request'"));
        // comm_open misses comm_id and target_name; the spec has no reply for it, so it is dropped
        assertTrue(dropped(signed("comm_open", "{}")).startsWith("comm_open with no '"), "comm_open: no reply to send");
    }

    @Test
    void aSignedRequestWithBadFieldsGetsAnErrorReplyOfItsType() {
        Inbound.Invalid noCode = assertInstanceOf(Inbound.Invalid.class,
                reader.read(signed("execute_request", "{\"silent\": false}")));
        assertEquals(MessageType.EXECUTE_REPLY, noCode.replyType());
        assertEquals("execute_request with no 'code'", noCode.reason());
        Inbound.Invalid cursor = assertInstanceOf(Inbound.Invalid.class,
                reader.read(signed("complete_request", "{\"code\": \"Math.\", \"cursor_pos\": 9}")));
        assertEquals(MessageType.COMPLETE_REPLY, cursor.replyType());
        Inbound.Invalid typed = assertInstanceOf(Inbound.Invalid.class,
                reader.read(signed("shutdown_request", "{\"restart\": \"no\"}")));
        assertEquals("shutdown_request with 'restart' not a boolean", typed.reason());
    }
}
