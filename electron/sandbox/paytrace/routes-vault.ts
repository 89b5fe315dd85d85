// /v1/customer/*: the customer vault.
import { RC } from './codes';
import { customerRecord, maskedNumber } from './records';
import { addressFrom, type Body, cardFrom, str } from './request';
import { exportEnvelope } from './codes';
import type { Routes } from './routes';

const hasCard = (body: Body): boolean =>
  typeof body.credit_card === 'object' && body.credit_card !== null && 'number' in body.credit_card;

export const vaultRoutes: Routes = {
  '/v1/customer/create': (sim, body, ctx) => {
    const c = sim.vault.create({
      customerId: str(body.customer_id),
      card: cardFrom(body),
      billing: addressFrom(body.billing_address),
      email: str(body.email),
      phone: str(body.phone),
      createdAt: ctx.at,
    });
    return {
      status: 200,
      body: {
        success: true,
        response_code: RC.customerCreated,
        status_message: `The customer profile for ${c.customerId}/${c.billing.name} was successfully created.`,
        customer_id: c.customerId,
        masked_card_number: maskedNumber(c.card, false, 'x'),
      },
    };
  },
  '/v1/customer/update': (sim, body) => {
    const c = sim.vault.update(body.customer_id, {
      ...(str(body.new_id) !== '' ? { newId: str(body.new_id) } : {}),
      ...(hasCard(body) ? { card: cardFrom(body) } : {}),
      ...(body.billing_address !== undefined ? { billing: addressFrom(body.billing_address) } : {}),
      ...(body.email !== undefined ? { email: str(body.email) } : {}),
      ...(body.phone !== undefined ? { phone: str(body.phone) } : {}),
    });
    return {
      status: 200,
      body: {
        success: true,
        response_code: RC.customerUpdated,
        status_message: `The customer profile for ${c.customerId}/${c.billing.name} was successfully updated.`,
        customer_id: c.customerId,
        masked_card_number: maskedNumber(c.card, false, 'x'),
      },
    };
  },
  '/v1/customer/delete': (sim, body) => {
    const c = sim.vault.delete(body.customer_id);
    return {
      status: 200,
      body: {
        success: true,
        response_code: RC.customerDeleted,
        status_message: `The customer profile for ${c.customerId}/${c.billing.name} was successfully deleted.`,
        customer_id: c.customerId,
      },
    };
  },
  '/v1/customer/export': (sim, body) => {
    const id = str(body.customer_id);
    const list = id !== '' ? [sim.vault.get(id)] : [...sim.vault.customers.values()];
    return { status: 200, body: { ...exportEnvelope, customers: list.map(customerRecord) } };
  },
};
