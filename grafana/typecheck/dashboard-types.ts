// The type every file in grafana/dashboards must satisfy: Grafana's dashboard model from
// @grafana/schema, narrowed where our dashboards are narrower. check.sh wraps each JSON
// file as `export const dashboard: EgovkpiDashboard = <json>;` and runs tsc, so a misspelt
// key, a wrong value type or an unknown enum value fails the build. It cannot see mistakes
// inside query strings: tests/dashboards/dashboard_queries_test.cpp runs every query.
import type {
  Dashboard,
  FieldConfig,
  FieldConfigSource,
  Panel,
  RowPanel,
  VariableModel,
} from '@grafana/schema';
import type { Options as BarGaugeOptions } from '@grafana/schema/dist/esm/raw/composable/bargauge/panelcfg/x/BarGaugePanelCfg_types.gen';
import type { Options as GaugeOptions } from '@grafana/schema/dist/esm/raw/composable/gauge/panelcfg/x/GaugePanelCfg_types.gen';
import type { Options as StatOptions } from '@grafana/schema/dist/esm/raw/composable/stat/panelcfg/x/StatPanelCfg_types.gen';
import type {
  FieldConfig as TableFieldConfig,
  Options as TableOptions,
} from '@grafana/schema/dist/esm/raw/composable/table/panelcfg/x/TablePanelCfg_types.gen';
import type { Options as TextOptions } from '@grafana/schema/dist/esm/raw/composable/text/panelcfg/x/TextPanelCfg_types.gen';
import type {
  FieldConfig as TimeSeriesFieldConfig,
  Options as TimeSeriesOptions,
} from '@grafana/schema/dist/esm/raw/composable/timeseries/panelcfg/x/TimeSeriesPanelCfg_types.gen';

// The schema declares some values as TypeScript string enums (ThresholdsMode,
// FieldColorModeId, MappingType, ...). JSON holds their plain string values, which a string
// enum does not accept, so every string type becomes the union of its literal values.
// Numeric enums (hide, refresh, sort, graphTooltip) already accept their numeric literals.
export type Json<T> = T extends string
  ? `${T}`
  : T extends number | boolean | null | undefined
    ? T
    : T extends ReadonlyArray<infer U>
      ? Array<Json<U>>
      : T extends object
        ? { [K in keyof T]: Json<T[K]> }
        : T;

// The two provisioned data sources (grafana/provisioning/datasources/egovkpi.yml): a panel
// pointing anywhere else would not work after provisioning.
export interface PrometheusRef {
  type: 'prometheus';
  uid: 'egovkpi-prometheus';
}
export interface PostgresRef {
  type: 'grafana-postgresql-datasource';
  uid: 'egovkpi-postgres';
}
export type DataSource = PrometheusRef | PostgresRef;

// Query models of the two data sources: the fields our dashboards use (Grafana keeps them
// in its plugins, not in @grafana/schema).
export interface PrometheusTarget {
  datasource: PrometheusRef;
  refId: string;
  expr: string;
  editorMode?: 'code' | 'builder';
  format?: 'time_series' | 'table' | 'heatmap';
  instant?: boolean;
  range?: boolean;
  legendFormat?: string;
  interval?: string;
  hide?: boolean;
}
export interface SqlTarget {
  datasource: PostgresRef;
  refId: string;
  rawSql: string;
  format: 'table' | 'time_series';
  rawQuery?: boolean;
  editorMode?: 'code' | 'builder';
  hide?: boolean;
}
export type Target = PrometheusTarget | SqlTarget;

type FieldDefaults<Custom> = Omit<Json<FieldConfig>, 'custom'> & { custom?: Partial<Json<Custom>> };
type FieldConfigOf<Custom> = Omit<Json<FieldConfigSource>, 'defaults'> & {
  defaults: FieldDefaults<Custom>;
};

// A panel of plugin `Type`: options and custom field config checked against that plugin's
// schema. Partial: Grafana fills the options a file leaves out with the plugin's defaults.
type TypedPanel<Type extends string, Options, Custom = Record<string, never>> = Omit<
  Json<Panel>,
  'type' | 'options' | 'fieldConfig' | 'targets' | 'datasource'
> & {
  type: Type;
  datasource?: DataSource;
  targets?: Target[];
  options?: Partial<Json<Options>>;
  fieldConfig?: FieldConfigOf<Custom>;
};

export type EgovkpiPanel =
  | TypedPanel<'stat', StatOptions>
  | TypedPanel<'gauge', GaugeOptions>
  | TypedPanel<'bargauge', BarGaugeOptions>
  | TypedPanel<'table', TableOptions, TableFieldConfig>
  | TypedPanel<'timeseries', TimeSeriesOptions, TimeSeriesFieldConfig>
  | TypedPanel<'text', TextOptions>;

export type EgovkpiRow = Omit<Json<RowPanel>, 'panels' | 'datasource'> & {
  datasource?: DataSource;
  panels: EgovkpiPanel[];
};

export type EgovkpiVariable = Omit<Json<VariableModel>, 'datasource'> & {
  datasource?: DataSource;
};

export type EgovkpiDashboard = Omit<Json<Dashboard>, 'panels' | 'templating' | 'uid' | 'tags'> & {
  uid: string;
  title: string;
  tags: ['egovkpi', ...string[]];
  panels: Array<EgovkpiPanel | EgovkpiRow>;
  templating?: { list?: EgovkpiVariable[] };
};
