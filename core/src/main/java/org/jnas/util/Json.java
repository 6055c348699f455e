package org.jnas.util;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import org.jnas.space.SpaceDefinitionException;

/** The one Jackson mapper of jnas, and error messages that say what was wrong in the JSON. */
public final class Json {
    public static final ObjectMapper MAPPER = new ObjectMapper()
            .enable(SerializationFeature.INDENT_OUTPUT)
            .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);

    /** Single-line mapper for JSON-lines files (journals). */
    public static final ObjectMapper COMPACT = new ObjectMapper();

    private Json() {
    }

    public static String write(Object value) {
        try {
            return MAPPER.writeValueAsString(value);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot write " + value + " as JSON: " + e.getOriginalMessage(), e);
        }
    }

    /** Writes as the given (polymorphic) type so that the {@code "type"} property is included. */
    public static String write(Object value, Class<?> as) {
        try {
            return MAPPER.writerFor(as).writeValueAsString(value);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot write " + value + " as JSON: " + e.getOriginalMessage(), e);
        }
    }

    public static <T> T read(String json, Class<T> type) {
        try {
            return MAPPER.readValue(json, type);
        } catch (JsonMappingException e) {
            Throwable cause = e.getCause();
            if (cause instanceof SpaceDefinitionException sde) {
                throw sde;
            }
            throw new SpaceDefinitionException("invalid " + type.getSimpleName() + " JSON at " + path(e) + ": "
                    + e.getOriginalMessage());
        } catch (JsonProcessingException e) {
            throw new SpaceDefinitionException("malformed JSON for " + type.getSimpleName() + ": "
                    + e.getOriginalMessage());
        }
    }

    private static String path(JsonMappingException e) {
        var sb = new StringBuilder("$");
        for (JsonMappingException.Reference r : e.getPath()) {
            sb.append(r.getFieldName() != null ? "." + r.getFieldName() : "[" + r.getIndex() + "]");
        }
        return sb.toString();
    }
}
