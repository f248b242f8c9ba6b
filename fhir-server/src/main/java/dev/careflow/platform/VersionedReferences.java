package dev.careflow.platform;

import ca.uhn.fhir.context.FhirContext;
import ca.uhn.fhir.interceptor.api.Hook;
import ca.uhn.fhir.interceptor.api.Interceptor;
import ca.uhn.fhir.interceptor.api.Pointcut;
import ca.uhn.fhir.rest.api.server.RequestDetails;
import java.util.Collection;
import java.util.HashSet;

/**
 * Where the version of a reference ({@code Patient/45/_history/2}) survives HAPI's parser, which strips it everywhere
 * but at the paths of {@code ParserOptions#getDontStripVersionsFromReferencesAtPaths}:
 * <ul>
 *   <li>always at the configured paths ({@code careflow.storage.versioned-reference-paths}: Provenance.target,
 *       Task.focus, ...), in storage and in answers alike;
 *   <li>in the whole answer to a request that shows a stored Bundle whose entries were sent with versioned references
 *       ({@link StoredBundleEntries} puts them back and {@link #keepInAnswer marks} the request). A path inside an
 *       entry is the entry resource's own ({@code Observation.subject}), so no configured path can single out a
 *       stored Bundle's entries. Keeping every version in such an answer changes nothing else in it: what HAPI stored
 *       has its versions stripped already, but at the configured paths.
 * </ul>
 * The second needs to know, when the parser asks, which answer it is encoding. HAPI keeps one path set per
 * {@link FhirContext} and asks it {@code isEmpty()} and {@code contains(path)}; the set handed to it ({@link Paths})
 * also answers for every path while this thread encodes a marked answer (from {@link Pointcut#SERVER_OUTGOING_RESPONSE},
 * after every other hook, to {@link Pointcut#SERVER_PROCESSING_COMPLETED}). HAPI copies the set with {@code clone()},
 * which keeps its class; {@code VersionedReferencesTest} fails if a HAPI version stops doing so.
 */
@Interceptor
public class VersionedReferences implements CareflowRequestInterceptor {

    private static final String KEEP_IN_ANSWER = VersionedReferences.class.getName() + ".keepInAnswer";

    /** Set on the thread while it encodes an answer that shows a stored Bundle's versioned references. */
    private static final ThreadLocal<Boolean> ANSWER_AS_STORED = ThreadLocal.withInitial(() -> Boolean.FALSE);

    /** Hands the configured paths to HAPI's parser options, as the set that also knows the marked answers. */
    public static void install(FhirContext fhirContext, Collection<String> configuredPaths) {
        fhirContext.getParserOptions().setDontStripVersionsFromReferencesAtPaths(new Paths(configuredPaths));
    }

    /** Marks the request: its answer shows references whose version was sent and is kept. */
    static void keepInAnswer(RequestDetails request) {
        if (request != null) {
            request.getUserData().put(KEEP_IN_ANSWER, Boolean.TRUE);
        }
    }

    /** Last of the outgoing-response hooks: HAPI's parser encodes the answer next, on this thread. */
    @Hook(value = Pointcut.SERVER_OUTGOING_RESPONSE, order = Integer.MAX_VALUE)
    public boolean answering(RequestDetails request) {
        if (request != null && Boolean.TRUE.equals(request.getUserData().get(KEEP_IN_ANSWER))) {
            ANSWER_AS_STORED.set(Boolean.TRUE);
        }
        return true;
    }

    /** Called whether the request succeeded or failed. */
    @Hook(Pointcut.SERVER_PROCESSING_COMPLETED)
    public void completed() {
        ANSWER_AS_STORED.remove();
    }

    /**
     * The configured paths, plus every path while this thread encodes a marked answer. Only the two methods HAPI's
     * parser calls change; iterating or copying gives the configured paths.
     */
    static final class Paths extends HashSet<String> {

        Paths(Collection<String> configured) {
            super(configured);
        }

        @Override
        public boolean contains(Object path) {
            return ANSWER_AS_STORED.get() || super.contains(path);
        }

        @Override
        public boolean isEmpty() {
            return !ANSWER_AS_STORED.get() && super.isEmpty();
        }
    }
}
