package org.jnas.kernel.wire;

import com.google.gson.Gson;
import com.google.gson.GsonBuilder;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import com.google.gson.JsonPrimitive;
import com.google.gson.reflect.TypeToken;
import java.lang.reflect.Type;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.dflib.jjava.jupyter.messages.HMACGenerator;
import org.dflib.jjava.jupyter.messages.Header;
import org.dflib.jjava.jupyter.messages.KernelTimestamp;
import org.dflib.jjava.jupyter.messages.Message;
import org.dflib.jjava.jupyter.messages.MessageType;
import org.dflib.jjava.jupyter.messages.adapters.HeaderAdapter;
import org.dflib.jjava.jupyter.messages.adapters.HistoryRequestAdapter;
import org.dflib.jjava.jupyter.messages.adapters.KernelTimestampAdapter;
import org.dflib.jjava.jupyter.messages.adapters.MessageTypeAdapter;
import org.dflib.jjava.jupyter.messages.request.HistoryRequest;
import org.zeromq.ZMQ;

/**
 * Turns the frames of one incoming multipart message into an {@link Inbound}, checking everything before anything
 * acts on it: the frame layout ({@code ids... <IDS|MSG> signature header parent metadata content buffers...}),
 * the HMAC signature (compared in constant time), replays (a signature seen before, as jupyter_client's
 * {@code Session.digest_history} rejects them), UTF-8 JSON objects in every part, a header with {@code msg_id} and
 * {@code msg_type}, a known message type, and the content fields that the kernel's handlers read, with their JSON
 * types ({@link #REQUIRED} and {@link #OPTIONAL}).
 *
 * <p>jjava-jupyter's own {@code JupyterSocket.readMessage} does none of this safely: it throws on a bad signature
 * or JSON (which ends the channel's thread), reads past the end of a message that lacks the delimiter (swallowing
 * the next sender's frames), and lets missing fields reach the handlers as {@code null}. One reader serves all
 * channels of a connection, so a signature replayed on another channel is caught too.
 */
public final class InboundReader {
    static final byte[] DELIMITER = "<IDS|MSG>".getBytes(StandardCharsets.US_ASCII);
    /** Frames kept of one message; the rest are read and discarded, so a flood of frames cannot fill the heap. */
    static final int MAX_FRAMES = 256;
    /** Signatures remembered for replay detection (jupyter_client keeps 2^16 too). */
    static final int SIGNATURE_HISTORY = 1 << 16;

    /** The same adapters as jjava-jupyter's (private) reading Gson, so parsed messages are what its handlers expect. */
    private static final Gson GSON = new GsonBuilder()
            .registerTypeAdapter(KernelTimestamp.class, KernelTimestampAdapter.INSTANCE)
            .registerTypeAdapter(Header.class, HeaderAdapter.INSTANCE)
            .registerTypeAdapter(MessageType.class, MessageTypeAdapter.INSTANCE)
            .registerTypeAdapter(HistoryRequest.class, HistoryRequestAdapter.INSTANCE)
            .create();
    private static final Type JSON_MAP = new TypeToken<Map<String, Object>>() {
    }.getType();

    private enum Json { STRING, INT, BOOLEAN, OBJECT, ARRAY }

    /** Content fields a request's handler reads unconditionally: missing or ill-typed, the request is answered with an error. */
    private static final Map<String, Map<String, Json>> REQUIRED = Map.of(
            "execute_request", Map.of("code", Json.STRING),
            "inspect_request", Map.of("code", Json.STRING, "cursor_pos", Json.INT),
            "complete_request", Map.of("code", Json.STRING, "cursor_pos", Json.INT),
            "is_complete_request", Map.of("code", Json.STRING),
            "history_request", Map.of("hist_access_type", Json.STRING),
            "comm_open", Map.of("comm_id", Json.STRING, "target_name", Json.STRING),
            "comm_msg", Map.of("comm_id", Json.STRING),
            "comm_close", Map.of("comm_id", Json.STRING),
            "input_reply", Map.of("value", Json.STRING));
    /** Fields that may be absent but, when present, must have this JSON type. */
    private static final Map<String, Map<String, Json>> OPTIONAL = Map.of(
            "execute_request", Map.of("silent", Json.BOOLEAN, "store_history", Json.BOOLEAN,
                    "user_expressions", Json.OBJECT, "allow_stdin", Json.BOOLEAN, "stop_on_error", Json.BOOLEAN),
            "inspect_request", Map.of("detail_level", Json.INT),
            "history_request", Map.of("output", Json.BOOLEAN, "raw", Json.BOOLEAN, "session", Json.INT,
                    "start", Json.INT, "stop", Json.INT, "n", Json.INT, "pattern", Json.STRING, "unique", Json.BOOLEAN),
            "shutdown_request", Map.of("restart", Json.BOOLEAN),
            "comm_info_request", Map.of("target_name", Json.STRING),
            "comm_open", Map.of("data", Json.OBJECT, "target_module", Json.STRING),
            "comm_msg", Map.of("data", Json.OBJECT),
            "comm_close", Map.of("data", Json.OBJECT));

    private final HMACGenerator hmac;
    private final Map<String, Boolean> seenSignatures = new LinkedHashMap<>(1024, 0.75f, false) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<String, Boolean> eldest) {
            return size() > SIGNATURE_HISTORY;
        }
    };

    /** @param hmac the connection's signer; with an empty key it signs nothing and nothing is checked (the spec's "no authentication") */
    public InboundReader(HMACGenerator hmac) {
        this.hmac = hmac;
    }

    /** Reads exactly one multipart message (all its frames, never into the next message) from a socket that has one waiting. */
    public static List<byte[]> readFrames(ZMQ.Socket socket) {
        List<byte[]> frames = new ArrayList<>();
        do {
            byte[] frame = socket.recv();
            if (frame == null) {
                break;
            }
            if (frames.size() < MAX_FRAMES) {
                frames.add(frame);
            }
        } while (socket.hasReceiveMore());
        return frames;
    }

    /** Checks and parses one message's frames. */
    public Inbound read(List<byte[]> frames) {
        int delimiter = -1;
        for (int i = 0; i < frames.size(); i++) {
            if (Arrays.equals(DELIMITER, frames.get(i))) {
                delimiter = i;
                break;
            }
        }
        if (delimiter < 0) {
            return new Inbound.Dropped("no <IDS|MSG> delimiter among its " + frames.size() + " frame(s)");
        }
        if (frames.size() - delimiter - 1 < 5) {
            return new Inbound.Dropped("truncated: " + (frames.size() - delimiter - 1)
                    + " frame(s) after the delimiter, a message has at least 5 (signature, header, parent, metadata, content)");
        }
        List<byte[]> identities = List.copyOf(frames.subList(0, delimiter));
        byte[] signature = frames.get(delimiter + 1);
        byte[] headerRaw = frames.get(delimiter + 2);
        byte[] parentRaw = frames.get(delimiter + 3);
        byte[] metadataRaw = frames.get(delimiter + 4);
        byte[] contentRaw = frames.get(delimiter + 5);
        List<byte[]> buffers = List.copyOf(frames.subList(delimiter + 6, frames.size()));

        String expected = hmac.calculateSignature(headerRaw, parentRaw, metadataRaw, contentRaw);
        if (expected != null) {
            if (!MessageDigest.isEqual(expected.getBytes(StandardCharsets.US_ASCII), signature)) {
                return new Inbound.Dropped(signature.length == 0 ? "unsigned (the connection has a key)"
                        : "invalid signature");
            }
            String seen = expected;
            synchronized (seenSignatures) {
                if (seenSignatures.putIfAbsent(seen, Boolean.TRUE) != null) {
                    return new Inbound.Dropped("replayed (its signature was seen before)");
                }
            }
        }

        JsonObject header;
        JsonObject parent;
        JsonObject metadata;
        JsonObject content;
        try {
            header = jsonObject(headerRaw, "header");
            parent = jsonObject(parentRaw, "parent header");
            metadata = jsonObject(metadataRaw, "metadata");
            content = jsonObject(contentRaw, "content");
        } catch (BadPart e) {
            return new Inbound.Dropped(e.getMessage());
        }
        String typeName = string(header, "msg_type");
        String id = string(header, "msg_id");
        if (typeName == null || id == null || id.isEmpty()) {
            return new Inbound.Dropped("header without a string msg_id and msg_type");
        }
        MessageType<?> type = MessageType.getType(typeName);
        if (type == MessageType.UNKNOWN) {
            return new Inbound.Dropped("unknown message type '" + printable(typeName) + "'");
        }
        Header<?> parsedHeader;
        Header<?> parsedParent;
        Map<String, Object> parsedMetadata;
        try {
            parsedHeader = header(header);
            parsedParent = parent.size() == 0 ? null : header(parent);
            parsedMetadata = GSON.fromJson(metadata, JSON_MAP);
        } catch (RuntimeException e) {
            return new Inbound.Dropped("malformed header of a " + typeName + " (" + e.getClass().getSimpleName() + ")");
        }

        String problem = contentProblem(typeName, content);
        Object parsedContent = null;
        if (problem == null) {
            try {
                parsedContent = GSON.fromJson(content, type.getContentType());
            } catch (RuntimeException e) {
                problem = "content does not parse (" + e.getClass().getSimpleName() + ")";
            }
        }
        @SuppressWarnings({"rawtypes", "unchecked"})
        Message<?> message = new Message(identities, parsedHeader, parsedParent, parsedMetadata, parsedContent, buffers);
        if (problem != null) {
            MessageType<?> replyType = typeName.endsWith("_request")
                    ? MessageType.getType(typeName.substring(0, typeName.length() - "_request".length()) + "_reply")
                    : MessageType.UNKNOWN;
            if (replyType == MessageType.UNKNOWN) {
                return new Inbound.Dropped(typeName + " with " + problem);
            }
            return new Inbound.Invalid(message, replyType, typeName + " with " + problem);
        }
        return new Inbound.Valid(message);
    }

    /** The header fields jjava-jupyter's adapter reads as strings; a missing one becomes "" rather than a crash. */
    private static Header<?> header(JsonObject json) {
        JsonObject copy = json.deepCopy();
        for (String field : List.of("msg_id", "username", "session", "version")) {
            JsonElement value = copy.get(field);
            if (value == null || value.isJsonNull()) {
                copy.addProperty(field, "");
            } else if (!(value.isJsonPrimitive() && value.getAsJsonPrimitive().isString())) {
                throw new IllegalArgumentException(field + " is not a string");
            }
        }
        JsonElement date = copy.get("date");
        if (date != null && !(date.isJsonPrimitive() && date.getAsJsonPrimitive().isString())) {
            throw new IllegalArgumentException("date is not a string");
        }
        return GSON.fromJson(copy, Header.class);
    }

    /** What is wrong with a known type's content, or null. */
    static String contentProblem(String type, JsonObject content) {
        for (var field : REQUIRED.getOrDefault(type, Map.of()).entrySet()) {
            JsonElement value = content.get(field.getKey());
            if (value == null || value.isJsonNull()) {
                return "no '" + field.getKey() + "'";
            }
            if (!is(value, field.getValue())) {
                return "'" + field.getKey() + "' not a " + field.getValue().name().toLowerCase();
            }
        }
        for (var field : OPTIONAL.getOrDefault(type, Map.of()).entrySet()) {
            JsonElement value = content.get(field.getKey());
            if (value != null && !value.isJsonNull() && !is(value, field.getValue())) {
                return "'" + field.getKey() + "' not a " + field.getValue().name().toLowerCase();
            }
        }
        JsonElement cursor = content.get("cursor_pos");
        JsonElement code = content.get("code");
        if (cursor != null && is(cursor, Json.INT) && code != null && is(code, Json.STRING)) {
            int at = cursor.getAsInt();
            if (at < 0 || at > code.getAsString().length()) {
                return "cursor_pos " + at + " outside the code (0.." + code.getAsString().length() + ")";
            }
        }
        return null;
    }

    private static boolean is(JsonElement value, Json kind) {
        return switch (kind) {
            case OBJECT -> value.isJsonObject();
            case ARRAY -> value.isJsonArray();
            case STRING -> value.isJsonPrimitive() && value.getAsJsonPrimitive().isString();
            case BOOLEAN -> value.isJsonPrimitive() && value.getAsJsonPrimitive().isBoolean();
            case INT -> {
                if (!value.isJsonPrimitive() || !value.getAsJsonPrimitive().isNumber()) {
                    yield false;
                }
                JsonPrimitive number = value.getAsJsonPrimitive();
                double d = number.getAsDouble();
                yield d == Math.rint(d) && d >= Integer.MIN_VALUE && d <= Integer.MAX_VALUE;
            }
        };
    }

    private static String string(JsonObject json, String field) {
        JsonElement value = json.get(field);
        return value != null && value.isJsonPrimitive() && value.getAsJsonPrimitive().isString()
                ? value.getAsString() : null;
    }

    private static JsonObject jsonObject(byte[] raw, String part) throws BadPart {
        String text;
        try {
            text = StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT).decode(java.nio.ByteBuffer.wrap(raw)).toString();
        } catch (CharacterCodingException e) {
            throw new BadPart(part + " is not UTF-8");
        }
        JsonElement json;
        try {
            json = JsonParser.parseString(text);
        } catch (RuntimeException e) {
            throw new BadPart(part + " is not valid JSON");
        }
        if (!json.isJsonObject()) {
            throw new BadPart(part + " is not a JSON object");
        }
        return json.getAsJsonObject();
    }

    /** A type name as it may appear in a log line: short, no control characters. */
    private static String printable(String text) {
        String cut = text.length() > 60 ? text.substring(0, 60) + "..." : text;
        return cut.replaceAll("\\p{Cntrl}", "?");
    }

    private static final class BadPart extends Exception {
        BadPart(String message) {
            super(message, null, false, false);
        }
    }
}
