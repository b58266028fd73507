package org.edgegen.cli;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import picocli.CommandLine;
import picocli.CommandLine.IHelpSectionRenderer;

/**
 * Lays out {@code --help} so that names can be copied: lines break at spaces only. picocli wraps with the JDK's
 * line {@link java.text.BreakIterator}, which breaks after a dot or a slash ({@code config.} / {@code conf},
 * {@code edgegen.} / {@code users.count=50}); here picocli lays out every section on an unbounded line, and each
 * line is then wrapped at spaces to the terminal width, continuation lines indented as picocli indents them (under
 * the command name in the synopsis, two further columns in the option and command lists). A name longer than a line
 * stands whole on its own line.
 */
final class HelpLayout {

    /** The width picocli lays out at: wide enough never to wrap a description. */
    static final int UNBOUNDED = 10_000;
    /** The width of {@code --help} when none is given: a classic terminal. */
    static final int DEFAULT_WIDTH = 80;

    private HelpLayout() {}

    /** Installs the layout on {@code commandLine} and all its subcommands, for a terminal {@code width} wide. */
    static void install(CommandLine commandLine, int width) {
        commandLine.setUsageHelpWidth(UNBOUNDED);
        wrapSections(commandLine, width);
    }

    private static void wrapSections(CommandLine commandLine, int width) {
        Map<String, IHelpSectionRenderer> sections = commandLine.getHelpSectionMap();
        for (Map.Entry<String, IHelpSectionRenderer> section : sections.entrySet()) {
            IHelpSectionRenderer picocli = section.getValue();
            String key = section.getKey();
            section.setValue(help -> {
                if (!key.equals(CommandLine.Model.UsageMessageSpec.SECTION_KEY_SYNOPSIS)) {
                    return wrap(picocli.render(help), width, "");
                }
                // the synopsis follows its heading ("Usage: ") on the same line: wrap them together
                String heading = help.synopsisHeading();
                return wrap(heading + picocli.render(help), width,
                        heading + help.commandSpec().qualifiedName() + " ").substring(heading.length());
            });
        }
        commandLine.setHelpSectionMap(sections);
        commandLine.getSubcommands().values().forEach(sub -> wrapSections(sub, width));
    }

    /**
     * Every line of {@code text} wrapped at spaces to {@code width}. A line that starts with {@code synopsis} (the
     * usage line) continues under the command's options; a line of a two-column list (a name, two or more spaces,
     * its description) continues two columns right of where its description starts; any other line under its own
     * first character.
     */
    static String wrap(String text, int width, String synopsis) {
        StringBuilder out = new StringBuilder();
        String[] lines = text.split("\n", -1);
        for (int i = 0; i < lines.length; i++) {
            out.append(wrapLine(lines[i], width, synopsis));
            if (i < lines.length - 1) {
                out.append('\n');
            }
        }
        return out.toString();
    }

    private static String wrapLine(String line, int width, String synopsis) {
        String stripped = line.stripTrailing();
        if (stripped.length() <= width) {
            return line;
        }
        int start = leading(stripped);
        int indent;
        if (!synopsis.isEmpty() && stripped.startsWith(synopsis)) {
            start = synopsis.length();
            indent = synopsis.length();
        } else {
            int column = secondColumn(stripped, start);
            if (column > 0) {
                start = column;
                indent = column + 2;
            } else {
                indent = start;
            }
        }
        if (indent > width / 2) {
            indent = Math.min(start, width / 2);
        }
        List<String> words = new ArrayList<>(List.of(stripped.substring(start).trim().split(" +")));
        StringBuilder out = new StringBuilder(stripped.substring(0, start));
        int length = start;
        boolean first = true;
        for (String word : words) {
            if (!first && length + 1 + word.length() > width) {
                out.append('\n').append(" ".repeat(indent)).append(word);
                length = indent + word.length();
            } else {
                if (!first) {
                    out.append(' ');
                    length++;
                }
                out.append(word);
                length += word.length();
            }
            first = false;
        }
        return out.toString();
    }

    private static int leading(String line) {
        int i = 0;
        while (i < line.length() && line.charAt(i) == ' ') {
            i++;
        }
        return i;
    }

    /** Where the description of a list line starts (after a name and two or more spaces); 0 if it has none. */
    private static int secondColumn(String line, int start) {
        if (start == 0) {
            return 0;
        }
        int gap = line.indexOf("  ", start);
        if (gap < 0) {
            return 0;
        }
        int column = gap;
        while (column < line.length() && line.charAt(column) == ' ') {
            column++;
        }
        return column < line.length() ? column : 0;
    }
}
