package dev.careflow;

import static org.assertj.core.api.Assertions.assertThat;

import com.sun.source.tree.ClassTree;
import com.sun.source.tree.CompilationUnitTree;
import com.sun.source.tree.MethodTree;
import com.sun.source.util.JavacTask;
import com.sun.source.util.SourcePositions;
import com.sun.source.util.TreePathScanner;
import com.sun.source.util.Trees;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;
import javax.tools.JavaCompiler;
import javax.tools.JavaFileObject;
import javax.tools.StandardJavaFileManager;
import javax.tools.ToolProvider;
import org.junit.jupiter.api.Test;

/**
 * The size and layering rules of ARCHITECTURE.md, read from the sources with the JDK's own Java parser: no class file
 * over 300 lines, no method over 60 (from its first annotation or modifier to its closing brace), and no class outside
 * {@code platform}'s HAPI wiring that reaches HAPI's storage internals ({@code DaoRegistry}, {@code SearchParameterMap},
 * {@code SystemRequestDetails}): care logic reads and writes through HAPI's repository API.
 */
class CodeShapeTest {

    private static final Path SOURCES = Path.of("src/main/java");
    private static final int MAX_CLASS_LINES = 300;
    private static final int MAX_METHOD_LINES = 60;
    private static final Set<String> STORAGE_INTERNALS = Set.of(
            "import ca.uhn.fhir.jpa.api.dao.DaoRegistry;",
            "import ca.uhn.fhir.jpa.searchparam.SearchParameterMap;",
            "import ca.uhn.fhir.rest.api.server.SystemRequestDetails;");

    @Test
    void noClassOver300Lines() throws IOException {
        List<String> over = new ArrayList<>();
        for (Path file : sources()) {
            long lines = Files.readAllLines(file).size();
            if (lines > MAX_CLASS_LINES) {
                over.add(SOURCES.relativize(file) + " (" + lines + " lines)");
            }
        }
        assertThat(over).as("classes over " + MAX_CLASS_LINES + " lines").isEmpty();
    }

    @Test
    void noMethodOver60Lines() throws IOException {
        JavaCompiler compiler = ToolProvider.getSystemJavaCompiler();
        List<String> over = new ArrayList<>();
        try (StandardJavaFileManager files = compiler.getStandardFileManager(null, null, null)) {
            Iterable<? extends JavaFileObject> units = files.getJavaFileObjectsFromPaths(sources());
            JavacTask task = (JavacTask) compiler.getTask(null, files, d -> {}, List.of("-proc:none"), null, units);
            SourcePositions positions = Trees.instance(task).getSourcePositions();
            for (CompilationUnitTree unit : task.parse()) {
                new TreePathScanner<Void, Void>() {
                    private String type = "";

                    @Override
                    public Void visitClass(ClassTree tree, Void unused) {
                        String outer = type;
                        type = tree.getSimpleName().toString();
                        super.visitClass(tree, unused);
                        type = outer;
                        return null;
                    }

                    @Override
                    public Void visitMethod(MethodTree tree, Void unused) {
                        long start = unit.getLineMap().getLineNumber(positions.getStartPosition(unit, tree));
                        long end = unit.getLineMap().getLineNumber(positions.getEndPosition(unit, tree));
                        if (end - start + 1 > MAX_METHOD_LINES) {
                            over.add(type + "." + tree.getName() + " (" + (end - start + 1) + " lines)");
                        }
                        return super.visitMethod(tree, unused);
                    }
                }.scan(unit, null);
            }
        }
        assertThat(over).as("methods over " + MAX_METHOD_LINES + " lines").isEmpty();
    }

    /**
     * HAPI-level plumbing outside platform that must speak HAPI's storage API for a reason the repository API cannot
     * serve (none left: the audit's marked writes are platform's PlaceholderFreeWrites).
     */
    private static final Set<String> STORAGE_PLUMBING = Set.of();

    @Test
    void onlyPlatformReachesHapiStorageInternals() throws IOException {
        List<String> offenders = new ArrayList<>();
        for (Path file : sources()) {
            if (file.startsWith(SOURCES.resolve("dev/careflow/platform"))
                    || STORAGE_PLUMBING.contains(SOURCES.relativize(file).toString())) {
                continue;
            }
            for (String line : Files.readAllLines(file)) {
                if (STORAGE_INTERNALS.contains(line.trim())) {
                    offenders.add(SOURCES.relativize(file) + ": " + line.trim());
                }
            }
        }
        assertThat(offenders)
                .as("classes outside platform using HAPI's storage internals")
                .isEmpty();
    }

    private static List<Path> sources() throws IOException {
        try (Stream<Path> files = Files.walk(SOURCES)) {
            return files.filter(f -> f.toString().endsWith(".java")).sorted().toList();
        }
    }
}
