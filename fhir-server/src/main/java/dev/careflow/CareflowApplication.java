package dev.careflow;

import dev.careflow.platform.StartingPlaceholder;
import dev.careflow.platform.StructureDefinitionsPreload;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.autoconfigure.elasticsearch.ElasticsearchRestClientAutoConfiguration;
import org.springframework.boot.autoconfigure.jdbc.DataSourceAutoConfiguration;
import org.springframework.boot.autoconfigure.orm.jpa.HibernateJpaAutoConfiguration;
import org.springframework.boot.autoconfigure.thymeleaf.ThymeleafAutoConfiguration;
import org.springframework.boot.context.properties.ConfigurationPropertiesScan;

/**
 * Careflow: a FHIR R4 server for care management. The {@code platform} package wires HAPI FHIR JPA; each feature
 * package (transitions, assessment, careplan, referral, worklist, security, ...) adds its care logic on top.
 *
 * <p>Spring Boot's own data source, JPA and Elasticsearch client set-ups are switched off: {@code platform} builds the
 * data source (external or embedded PostgreSQL), HAPI's persistence unit and the Hibernate Search backend itself, from
 * Careflow's settings records.
 */
@SpringBootApplication(
        exclude = {
            DataSourceAutoConfiguration.class,
            HibernateJpaAutoConfiguration.class,
            ElasticsearchRestClientAutoConfiguration.class,
            ThymeleafAutoConfiguration.class
        })
@ConfigurationPropertiesScan
public class CareflowApplication {

    public static void main(String[] args) {
        SpringApplication application = new SpringApplication(CareflowApplication.class);
        // The port answers 503 "starting" from the first seconds, until Tomcat takes it over.
        application.addListeners(new StartingPlaceholder());
        // R4's own definitions read on another thread while Spring starts (part of the start-up time).
        application.addListeners(new StructureDefinitionsPreload());
        application.run(args);
    }
}
