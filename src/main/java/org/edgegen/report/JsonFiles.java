package org.edgegen.report;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

/** Writes JSON trees of maps, lists, strings and numbers as pretty-printed UTF-8 files. */
final class JsonFiles {

    private static final ObjectMapper MAPPER = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    private JsonFiles() {}

    static void write(Path file, Map<String, Object> tree) throws IOException {
        Files.writeString(file, MAPPER.writeValueAsString(tree) + "\n", StandardCharsets.UTF_8);
    }
}
