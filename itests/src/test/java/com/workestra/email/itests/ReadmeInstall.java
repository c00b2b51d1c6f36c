package com.workestra.email.itests;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The README section "Install into an existing Karaf" as data: its configuration files (fenced {@code properties}
 * blocks whose first line is {@code # etc/<file>} with an optional variant in parentheses) and its shell commands
 * (fenced {@code karaf} blocks), so the test applies exactly what an admin reads.
 */
final class ReadmeInstall {

    private static final Pattern FENCE = Pattern.compile("```(properties|karaf)\\n(.*?)```", Pattern.DOTALL);
    private static final Pattern FILE = Pattern.compile("# etc/(\\S+)(?: \\(([^)]+)\\))?");
    private static final Pattern PLACEHOLDER = Pattern.compile("<[^>\\n]+>");

    /** One configuration file of the README. */
    record ConfigFile(String name, String variant, List<String> lines) {
    }

    private final List<ConfigFile> files = new ArrayList<>();
    private final List<List<String>> commandBlocks = new ArrayList<>();

    private ReadmeInstall(String section) {
        Matcher m = FENCE.matcher(section);
        while (m.find()) {
            List<String> lines = m.group(2).lines().toList();
            if ("karaf".equals(m.group(1))) {
                commandBlocks.add(lines.stream().map(String::strip).filter(l -> !l.isEmpty()).toList());
                continue;
            }
            Matcher f = FILE.matcher(lines.get(0).strip());
            if (!f.matches()) {
                throw new AssertionError("a properties block of the install section names no etc/ file: " + lines);
            }
            files.add(new ConfigFile(f.group(1), f.group(2), lines.subList(1, lines.size())));
        }
    }

    /** Reads the section from the README at the repository root. */
    static ReadmeInstall read(Path root) {
        try {
            String readme = Files.readString(root.resolve("README.md"), StandardCharsets.UTF_8);
            int start = readme.indexOf("\n## Install into an existing Karaf\n");
            if (start < 0) {
                throw new AssertionError("README.md has no section 'Install into an existing Karaf'");
            }
            int end = readme.indexOf("\n## ", start + 1);
            return new ReadmeInstall(readme.substring(start, end < 0 ? readme.length() : end));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Every shell command, block after block, in README order. */
    List<String> commands() {
        return commandBlocks.stream().flatMap(List::stream).toList();
    }

    List<ConfigFile> files() {
        return files;
    }

    /**
     * Writes the files into {@code etc}: of files given in variants only {@code variants}' choice, every
     * {@code <placeholder>} value replaced from {@code values} (key to value; a placeholder without a value fails),
     * then {@code extraLines} of that file appended (test-only settings such as sandbox endpoints).
     */
    void writeInto(Path etc, Map<String, String> variants, Map<String, String> values,
            Map<String, List<String>> extraLines) {
        Map<String, List<String>> out = new LinkedHashMap<>();
        for (ConfigFile f : files) {
            if (f.variant() != null && !f.variant().equals(variants.get(f.name()))) {
                continue;
            }
            List<String> lines = new ArrayList<>();
            for (String line : f.lines()) {
                if (PLACEHOLDER.matcher(line).find()) {
                    String key = line.substring(0, line.indexOf('=')).strip();
                    String value = values.get(f.name() + ":" + key);
                    if (value == null) {
                        throw new AssertionError("no test value for the placeholder of " + key + " in " + f.name());
                    }
                    lines.add(key + " = " + value);
                } else {
                    lines.add(line);
                }
            }
            lines.addAll(extraLines.getOrDefault(f.name(), List.of()));
            if (out.put(f.name(), lines) != null) {
                throw new AssertionError("two README blocks for " + f.name() + " and no variant chosen");
            }
        }
        out.forEach((name, lines) -> {
            try {
                Files.write(etc.resolve(name), lines, StandardCharsets.UTF_8);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        });
    }
}
