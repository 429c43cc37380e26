package io.reclaim.shell.internal;

import java.io.IOException;
import java.lang.reflect.Array;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Dictionary;
import java.util.Hashtable;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

import org.apache.felix.service.command.Descriptor;
import org.osgi.framework.Bundle;
import org.osgi.framework.BundleContext;
import org.osgi.framework.Constants;
import org.osgi.framework.InvalidSyntaxException;
import org.osgi.framework.ServiceReference;
import org.osgi.service.cm.Configuration;
import org.osgi.service.cm.ConfigurationAdmin;
import org.osgi.service.metatype.AttributeDefinition;
import org.osgi.service.metatype.MetaTypeInformation;
import org.osgi.service.metatype.MetaTypeService;
import org.osgi.service.metatype.ObjectClassDefinition;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;

import io.reclaim.api.ResourceCleanup;
import io.reclaim.api.ledger.LedgerSettings;
import io.reclaim.api.Rankings;

/**
 * {@code reclaim:rank} and {@code reclaim:config}: the settings of Reclaim's components, read and
 * written through Configuration Admin (so they persist, and Karaf's {@code config:} commands and
 * the files of {@code etc/} see the same configurations), each value checked against the
 * component's Metatype before anything is written.
 */
@Component(name = "io.reclaim.shell.config", service = ConfigCommands.class)
@ReclaimCommand(function = {"rank", "config"})
public final class ConfigCommands {

    /** The bundles whose configurations these commands show: Reclaim's, and third-party ones named alike. */
    static final String BUNDLE_PREFIX = "io.reclaim.";
    /** The os-process handler's ranking is a setting of the process manager, not of a component of its own. */
    static final String OS_PROCESS = "os-process";
    static final String PROCESS_PID = "io.reclaim.process";
    static final String OS_PROCESS_RANKING = "os.process.ranking";

    private final BundleContext context;
    private final ConfigurationAdmin configurations;
    private final MetaTypeService metaTypes;

    @Activate
    public ConfigCommands(BundleContext context, @Reference ConfigurationAdmin configurations,
            @Reference MetaTypeService metaTypes) {
        this.context = context;
        this.configurations = configurations;
        this.metaTypes = metaTypes;
    }

    @Descriptor("sets the cleanup ranking of a resource type, kept in Configuration Admin (higher runs earlier); "
            + "reclaim:handlers shows the order")
    public void rank(
            @Descriptor("the resource type, as reclaim:handlers names it, e.g. files") String type,
            @Descriptor("the ranking, a whole number, e.g. 350") String ranking) {
        try {
            Usage.check(type);
            int value = ranking(ranking);
            ServiceReference<?> handler = handler(type);
            String pid;
            String key;
            if (OS_PROCESS.equals(type)) {
                pid = PROCESS_PID;
                key = OS_PROCESS_RANKING;
            } else {
                Object component = handler.getProperty("component.name");
                if (component == null) {
                    throw new IllegalStateException("the " + Names.display(type) + " handler of "
                            + handler.getBundle().getSymbolicName()
                            + " is not a Declarative Services component: its bundle sets its ranking");
                }
                pid = component.toString();
                key = Constants.SERVICE_RANKING;
            }
            Optional<AttributeDefinition> definition = definitions(pid).map(all -> all.get(key));
            Object typed = definition.isPresent() ? SettingValues.parse(definition.get(), Integer.toString(value)) : value;
            Configuration configuration = configurations.getConfiguration(pid, null);
            Dictionary<String, Object> properties = current(configuration);
            Object before = properties.get(key);
            // read before the update: Configuration Admin may re-rank the handler's service at once
            String was = Rankings.parse(before != null ? before : handler.getProperty(Constants.SERVICE_RANKING))
                    .stream().mapToObj(Integer::toString).findFirst().orElse("unset");
            properties.put(key, typed);
            configuration.update(properties);
            System.out.println(Names.display(type) + ": ranking " + was + " -> " + value + " (" + pid + ", " + key + ")");
        } catch (IllegalArgumentException | IllegalStateException | IOException e) {
            Console.error("rank", e);
        }
    }

    @Descriptor("without a ranking: says what is required (reclaim:rank TYPE RANKING)")
    public void rank(@Descriptor("the resource type") String type) {
        if (Usage.HELP.equals(type)) {
            Console.error("rank", new Usage.Requested());
            return;
        }
        Console.error("rank", "a ranking is required (reclaim:rank TYPE RANKING, e.g. reclaim:rank files 350)");
    }

    @Descriptor("without arguments: says what is required (reclaim:rank TYPE RANKING)")
    public void rank() {
        Console.error("rank", "a resource type and a ranking are required (reclaim:rank TYPE RANKING, e.g. "
                + "reclaim:rank files 350)");
    }

    // no @Descriptor: Karaf describes a command by the first described method it finds, which must be a real form
    public void rank(@Descriptor(Misuse.FIRST) StringBuilder first, @Descriptor(Misuse.REST) StringBuilder[] rest) {
        Misuse.report(ConfigCommands.class, "rank", first, rest);
    }

    @Descriptor("lists the configurable components of Reclaim (their pids), shows the settings of one, or sets "
            + "some: each value is checked against the component's Metatype and all are written at once, or none")
    public void config(
            @Descriptor("the pid of a component, e.g. io.reclaim.orchestrator; none: list them") String pid,
            @Descriptor("settings to change, KEY=VALUE, e.g. handler.timeout.ms=2000; none: show them")
            String[] settings) {
        try {
            Usage.check(pid);
            Map<String, AttributeDefinition> definitions = definitions(pid).orElseThrow(() ->
                    new IllegalArgumentException("no Reclaim component has the pid '" + Names.display(pid)
                            + "'; reclaim:config lists them"));
            if (settings == null || settings.length == 0) {
                show(pid, definitions);
                return;
            }
            Map<String, Object> changes = new LinkedHashMap<>();
            for (String setting : settings) {
                int equals = setting.indexOf('=');
                if (equals <= 0) {
                    throw new IllegalArgumentException("a setting is KEY=VALUE, got '" + Names.display(setting) + "'");
                }
                String key = setting.substring(0, equals).trim();
                AttributeDefinition definition = definitions.get(key);
                if (definition == null && LedgerSettings.KEYS.containsKey(key) && isResourceType(pid)) {
                    // a setting every resource type has, which no type's own Metatype describes
                    changes.put(key, LedgerSettings.parse(key, setting.substring(equals + 1)));
                    continue;
                }
                if (definition == null) {
                    throw new IllegalArgumentException(pid + " has no setting '" + Names.display(key) + "'; its settings: "
                            + String.join(", ", definitions.keySet())
                            + (isResourceType(pid) ? ", " + String.join(", ", LedgerSettings.KEYS.keySet()) : ""));
                }
                changes.put(key, SettingValues.parse(definition, setting.substring(equals + 1)));
            }
            // every value is valid: one update, so the component sees all of them or none
            Configuration configuration = configurations.getConfiguration(pid, null);
            Dictionary<String, Object> properties = current(configuration);
            changes.forEach(properties::put);
            configuration.update(properties);
            changes.forEach((key, value) -> System.out.println(pid + ": " + key + " = " + text(value)));
        } catch (IllegalArgumentException | IllegalStateException | IOException e) {
            Console.error("config", e);
        }
    }

    @Descriptor("the settings of one component, or (without a pid) the configurable components")
    public void config(@Descriptor("the pid of a component, e.g. io.reclaim.orchestrator") String pid) {
        config(pid, new String[0]);
    }

    @Descriptor("lists the configurable components of Reclaim: pid, name, how many settings are set, bundle")
    public void config() {
        Table table = Table.of("PID", "NAME", "SET", "BUNDLE").alignRight(2);
        for (Bundle bundle : context.getBundles()) {
            String name = bundle.getSymbolicName();
            if (name == null || !name.startsWith(BUNDLE_PREFIX)) {
                continue;
            }
            MetaTypeInformation information = metaTypes.getMetaTypeInformation(bundle);
            if (information == null) {
                continue;
            }
            for (String pid : information.getPids()) {
                ObjectClassDefinition ocd = information.getObjectClassDefinition(pid, null);
                Map<String, AttributeDefinition> definitions = attributes(ocd);
                long set = 0;
                try {
                    Dictionary<String, Object> properties = stored(pid);
                    if (properties != null) {
                        set = definitions.keySet().stream().filter(key -> properties.get(key) != null).count();
                    }
                } catch (IOException e) {
                    set = -1;
                }
                table.row(pid, ocd.getName(), set < 0 ? null : set, name);
            }
        }
        table.print(System.out, "no configurable Reclaim components");
    }

    // no @Descriptor: Karaf describes a command by the first described method it finds, which must be a real form
    public void config(@Descriptor(Misuse.FIRST) StringBuilder first, @Descriptor(Misuse.REST) StringBuilder[] rest) {
        Misuse.report(ConfigCommands.class, "config", first, rest);
    }

    private void show(String pid, Map<String, AttributeDefinition> definitions) throws IOException {
        Dictionary<String, Object> properties = stored(pid);
        Table table = Table.of("KEY", "VALUE", "DEFAULT", "TAKES");
        definitions.forEach((key, definition) -> {
            Object value = properties == null ? null : properties.get(key);
            String[] defaults = definition.getDefaultValue();
            table.row(key, value == null ? null : text(value), defaults == null ? null : String.join(",", defaults),
                    SettingValues.describe(definition));
        });
        if (isResourceType(pid)) {
            LedgerSettings.KEYS.forEach((key, takes) -> {
                Object value = properties == null ? null : properties.get(key);
                table.row(key, value == null ? null : text(value), null, takes);
            });
        }
        table.print(System.out, pid + " has no settings");
    }

    /** @return whether {@code pid} configures a resource type: a cleanup handler registered by that component */
    private boolean isResourceType(String pid) {
        try {
            ServiceReference<?>[] handlers = context.getAllServiceReferences(ResourceCleanup.class.getName(),
                    "(component.name=" + escape(pid) + ")");
            return handlers != null && handlers.length > 0;
        } catch (InvalidSyntaxException e) {
            return false;
        }
    }

    /** @return the type's cleanup handler */
    private ServiceReference<?> handler(String type) {
        String filter = "(" + ResourceCleanup.RESOURCE_TYPE + "=" + escape(type) + ")";
        ServiceReference<?>[] references;
        try {
            references = context.getAllServiceReferences(ResourceCleanup.class.getName(), filter);
        } catch (InvalidSyntaxException e) {
            throw new IllegalArgumentException("'" + Names.display(type) + "' is not a resource type");
        }
        if (references == null || references.length == 0) {
            throw new IllegalArgumentException("no handler of the resource type '" + Names.display(type) + "'; types: "
                    + String.join(", ", types()));
        }
        return references[0];
    }

    private List<String> types() {
        List<String> types = new ArrayList<>();
        try {
            ServiceReference<?>[] all = context.getAllServiceReferences(ResourceCleanup.class.getName(), null);
            if (all != null) {
                for (ServiceReference<?> reference : all) {
                    Object type = reference.getProperty(ResourceCleanup.RESOURCE_TYPE);
                    if (type != null) {
                        types.add(type.toString());
                    }
                }
            }
        } catch (InvalidSyntaxException e) {
            throw new AssertionError(e);
        }
        return types;
    }

    /** @return the attribute definitions of {@code pid}, by key, if a Reclaim bundle describes it */
    private Optional<Map<String, AttributeDefinition>> definitions(String pid) {
        for (Bundle bundle : context.getBundles()) {
            String name = bundle.getSymbolicName();
            if (name == null || !name.startsWith(BUNDLE_PREFIX)) {
                continue;
            }
            MetaTypeInformation information = metaTypes.getMetaTypeInformation(bundle);
            if (information != null && List.of(information.getPids()).contains(pid)) {
                return Optional.of(attributes(information.getObjectClassDefinition(pid, null)));
            }
        }
        return Optional.empty();
    }

    private static Map<String, AttributeDefinition> attributes(ObjectClassDefinition ocd) {
        Map<String, AttributeDefinition> definitions = new TreeMap<>();
        AttributeDefinition[] all = ocd.getAttributeDefinitions(ObjectClassDefinition.ALL);
        if (all != null) {
            for (AttributeDefinition definition : all) {
                definitions.put(definition.getID(), definition);
            }
        }
        return definitions;
    }

    /** @return the stored properties of {@code pid}, or {@code null} if it has no configuration */
    private Dictionary<String, Object> stored(String pid) throws IOException {
        try {
            Configuration[] found = configurations.listConfigurations("(" + Constants.SERVICE_PID + "=" + escape(pid) + ")");
            return found == null || found.length == 0 ? null : found[0].getProperties();
        } catch (InvalidSyntaxException e) {
            return null;
        }
    }

    private static Dictionary<String, Object> current(Configuration configuration) {
        Dictionary<String, Object> properties = configuration.getProperties();
        return properties == null ? new Hashtable<>() : properties;
    }

    private static int ranking(String text) {
        String trimmed = text == null ? "" : text.trim();
        try {
            return Integer.parseInt(trimmed);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("a ranking is a whole number from " + Integer.MIN_VALUE + " to "
                    + Integer.MAX_VALUE + ", got '" + Names.display(trimmed) + "'");
        }
    }

    private static String text(Object value) {
        if (value != null && value.getClass().isArray()) {
            List<String> parts = new ArrayList<>();
            for (int i = 0; i < Array.getLength(value); i++) {
                parts.add(String.valueOf(Array.get(value, i)));
            }
            return String.join(",", parts);
        }
        if (value instanceof Collection<?> collection) {
            return String.join(",", collection.stream().map(String::valueOf).toList());
        }
        return String.valueOf(value);
    }

    private static String escape(String value) {
        StringBuilder escaped = new StringBuilder(value.length());
        for (char c : value.toCharArray()) {
            if (c == '\\' || c == '(' || c == ')' || c == '*') {
                escaped.append('\\');
            }
            escaped.append(c);
        }
        return escaped.toString();
    }
}
