package org.edgegen.learn;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class TensorBoardWriterTest {

    @Test
    void theConfigurationIsAMarkdownCodeBlockWhoseFenceNoBacktickRunInsideCanClose() {
        assertThat(TensorBoardWriter.codeBlock("a = 1\n")).isEqualTo("```\na = 1\n```\n");
        assertThat(TensorBoardWriter.codeBlock("a = 1")).isEqualTo("```\na = 1\n```\n");
        assertThat(TensorBoardWriter.codeBlock("title = \"````x\"\n")).isEqualTo("`````\ntitle = \"````x\"\n`````\n");
    }
}
