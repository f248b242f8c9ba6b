package dev.careflow;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * The image builds from the repository: its build stage copies every module the root POM lists (Maven refuses a
 * reactor with a missing module, "Child module ... does not exist") and what the build reads besides.
 */
class DockerfileTest {

    private static final Path ROOT = Path.of("..");

    @Test
    void buildStageCopiesEveryModuleOfTheReactor() throws IOException {
        List<String> modules = matches(Files.readString(ROOT.resolve("pom.xml")), "<module>([^<]+)</module>");
        List<String> copied =
                matches(Files.readString(ROOT.resolve("docker/Dockerfile")), "(?m)^COPY (?!--from)([^\\s]+)/? ");

        assertThat(modules).isNotEmpty();
        assertThat(copied.stream().map(c -> c.replaceAll("/$", "")).toList())
                .containsAll(modules)
                .contains(".mvn", "build");
    }

    private static List<String> matches(String text, String regex) {
        Matcher matcher = Pattern.compile(regex).matcher(text);
        List<String> found = new java.util.ArrayList<>();
        while (matcher.find()) {
            found.add(matcher.group(1).trim());
        }
        return found;
    }
}
