// Word lists for believable customer names and addresses.
export const FIRST = ['Summit', 'Harbor', 'Cedar', 'Pioneer', 'Atlas', 'Blue Ridge', 'Granite', 'Redwood', 'Lakeside', 'Northwind', 'Ironclad', 'Silverline', 'Beacon', 'Evergreen', 'Keystone', 'Meridian', 'Orchard', 'Prairie', 'Quarry', 'Riverside', 'Sterling', 'Timberline', 'Union', 'Vantage', 'Westfield', 'Yellowstone', 'Zenith', 'Acme', 'Bayview', 'Copper'];
export const SECOND = ['Tooling', 'Supply', 'Dental', 'Logistics', 'Foods', 'Electric', 'Plastics', 'Medical', 'Hardware', 'Labs', 'Farms', 'Textiles', 'Marine', 'Analytics', 'Builders', 'Optics', 'Pharma', 'Motors', 'Print', 'Coffee'];
export const FORMS = ['Inc', 'LLC', 'Corp', 'Co', 'Ltd', 'Group', 'Partners'];
export const STREETS = ['Main Street', 'Oak Avenue', 'Market Street', 'Industrial Drive', 'Commerce Blvd', 'Harbor Road', 'Mill Street', 'Park Avenue'];
export const CITIES: readonly [string, string, string][] = [
  ['Portland', 'OR', '97201'], ['Spokane', 'WA', '99201'], ['Fresno', 'CA', '93650'], ['Boise', 'ID', '83702'], ['Reno', 'NV', '89501'],
  ['Tucson', 'AZ', '85701'], ['Denver', 'CO', '80202'], ['Austin', 'TX', '73301'], ['Omaha', 'NE', '68102'], ['Tulsa', 'OK', '74103'],
];
export const STRANGERS = ['Jordan Miles', 'Casey Brandt', 'Riley Okafor', 'Morgan Lindqvist', 'Taylor Nakamura', 'Avery Castillo', 'Quinn Dubois', 'Harper Svensson'];
