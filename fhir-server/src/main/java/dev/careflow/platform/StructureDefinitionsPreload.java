package dev.careflow.platform;

import ca.uhn.fhir.context.FhirContext;
import ca.uhn.fhir.context.support.DefaultProfileValidationSupport;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.context.event.ApplicationStartingEvent;
import org.springframework.context.ApplicationListener;

/**
 * Reads FHIR R4's own StructureDefinitions and SearchParameters on a background thread from the first moment of a
 * start.
 *
 * <p>HAPI reads them (about 5 MB of XML in its jars) once per JVM, the first time anything asks: at start-up that is
 * its search-parameter extractor building a FHIRPath engine, about 2 s of the main thread on a quiet 2-core machine.
 * HAPI keeps what it read per FHIR version for every {@link DefaultProfileValidationSupport}, so what this thread has
 * read by then is not read again. (Should the main thread ask before this one is done, both read; the results are the
 * same definitions.)
 */
public final class StructureDefinitionsPreload implements ApplicationListener<ApplicationStartingEvent> {

    private static final Logger log = LoggerFactory.getLogger(StructureDefinitionsPreload.class);

    @Override
    public void onApplicationEvent(ApplicationStartingEvent event) {
        Thread thread = new Thread(StructureDefinitionsPreload::read, "careflow-r4-definitions");
        thread.setDaemon(true);
        thread.start();
    }

    private static void read() {
        try {
            DefaultProfileValidationSupport definitions =
                    new DefaultProfileValidationSupport(FhirContext.forR4Cached());
            definitions.fetchAllStructureDefinitions();
            definitions.fetchAllSearchParameters();
        } catch (RuntimeException e) {
            // Only a head start: HAPI reads them again when it needs them, and reports a failure then.
            log.debug("Reading R4's definitions ahead of use failed: {}", e.toString());
        }
    }
}
