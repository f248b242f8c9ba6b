package dev.careflow.audit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.when;

import ca.uhn.fhir.context.FhirContext;
import ca.uhn.fhir.rest.server.FifoMemoryPagingProvider;
import ca.uhn.fhir.rest.server.RestfulServer;
import dev.careflow.platform.StorageSettings;
import java.util.ArrayList;
import java.util.List;
import org.hl7.fhir.r4.model.AuditEvent;
import org.hl7.fhir.r4.model.Bundle;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.mock.web.MockHttpServletRequest;
import org.springframework.mock.web.MockHttpServletResponse;
import org.springframework.mock.web.MockServletConfig;

/**
 * The links HAPI writes for the audit log's pages (a RestfulServer in memory over a log of 5 events): {@code next}
 * while the log holds more, {@code previous} after the first page, the total only where it is known.
 */
class AuditLogPagingTest {

    private static final FhirContext FHIR = FhirContext.forR4Cached();
    private static final int EVENTS = 5;

    private RestfulServer server;

    @BeforeEach
    void server() throws Exception {
        AuditLogTable table = mock(AuditLogTable.class);
        when(table.count(any())).thenReturn(EVENTS);
        when(table.search(any())).thenAnswer(call -> {
            AuditLogQuery query = call.getArgument(0);
            List<String> rows = new ArrayList<>();
            for (int i = query.offset(); i < Math.min(EVENTS, query.offset() + query.count() + 1); i++) {
                AuditEvent event = new AuditEvent();
                event.setId("e" + i);
                rows.add(FHIR.newJsonParser().encodeResourceToString(event));
            }
            return rows;
        });
        StorageSettings settings = mock(StorageSettings.class);
        when(settings.defaultPageSize()).thenReturn(20);
        when(settings.maxPageSize()).thenReturn(500);
        server = new RestfulServer(FHIR);
        server.setResourceProviders(new AuditEventLogProvider(table, FHIR, settings));
        server.setPagingProvider(new FifoMemoryPagingProvider(10));
        server.init(new MockServletConfig());
    }

    private Bundle search(String query) throws Exception {
        MockHttpServletRequest request = new MockHttpServletRequest("GET", "/fhir/AuditEvent");
        request.setServletPath("/fhir");
        request.setPathInfo("/AuditEvent");
        request.setQueryString(query);
        for (String parameter : query.split("&")) {
            String[] nameValue = parameter.split("=", 2);
            request.addParameter(nameValue[0], nameValue[1]);
        }
        MockHttpServletResponse response = new MockHttpServletResponse();
        server.service(request, response);
        assertThat(response.getStatus()).as(response.getContentAsString()).isEqualTo(200);
        return FHIR.newJsonParser().parseResource(Bundle.class, response.getContentAsString());
    }

    private static List<String> ids(Bundle page) {
        return page.getEntry().stream()
                .map(e -> e.getResource().getIdElement().getIdPart())
                .toList();
    }

    private static String link(Bundle page, String relation) {
        Bundle.BundleLinkComponent link = page.getLink(relation);
        return link == null ? null : link.getUrl();
    }

    @Test
    void theFirstPage_linksTheNext_withTheSearchsParameters_andHasNoTotal() throws Exception {
        Bundle first = search("_count=2&entity=Patient/x");
        assertThat(ids(first)).containsExactly("e0", "e1");
        assertThat(link(first, "next")).endsWith("/fhir/AuditEvent?_count=2&_offset=2&entity=Patient%2Fx");
        assertThat(link(first, "previous")).isNull();
        assertThat(first.hasTotal()).isFalse();
    }

    @Test
    void aMiddlePage_linksBothWays() throws Exception {
        Bundle middle = search("_count=2&_offset=2");
        assertThat(ids(middle)).containsExactly("e2", "e3");
        assertThat(link(middle, "next")).endsWith("?_count=2&_offset=4");
        assertThat(link(middle, "previous")).endsWith("?_count=2&_offset=0");
        assertThat(middle.hasTotal()).isFalse();
    }

    @Test
    void theLastPage_hasNoNext_andTheTotal() throws Exception {
        Bundle last = search("_count=2&_offset=4");
        assertThat(ids(last)).containsExactly("e4");
        assertThat(link(last, "next")).isNull();
        assertThat(link(last, "previous")).endsWith("?_count=2&_offset=2");
        assertThat(last.getTotal()).isEqualTo(EVENTS);
    }

    @Test
    void onePageHoldingEverything_hasTheTotalAndNoLinks() throws Exception {
        Bundle all = search("_count=5");
        assertThat(ids(all)).hasSize(EVENTS);
        assertThat(link(all, "next")).isNull();
        assertThat(link(all, "previous")).isNull();
        assertThat(all.getTotal()).isEqualTo(EVENTS);
    }

    @Test
    void aPagePastTheEnd_isEmpty_withoutATotal() throws Exception {
        Bundle past = search("_count=2&_offset=10");
        assertThat(past.getEntry()).isEmpty();
        assertThat(link(past, "next")).isNull();
        assertThat(past.hasTotal()).isFalse();
    }

    @Test
    void countsOnly_haveTheTotalAndNoLinks() throws Exception {
        for (String query : List.of("_summary=count", "_count=0")) {
            Bundle count = search(query);
            assertThat(count.getTotal()).as(query).isEqualTo(EVENTS);
            assertThat(link(count, "next")).as(query).isNull();
        }
    }
}
